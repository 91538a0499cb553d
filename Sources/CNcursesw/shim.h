// The ncursesw binding. NCURSES_WIDECHAR must be set before the include, because SwiftPM
// drops the pkg-config defines that would otherwise enable the wide-character API.
#ifndef TUTOR_NCURSESW_SHIM_H
#define TUTOR_NCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

#endif
