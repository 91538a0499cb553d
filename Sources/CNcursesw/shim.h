// The ncursesw binding. NCURSES_WIDECHAR must be set before the include, because SwiftPM
// drops the pkg-config defines that would otherwise enable the wide-character API. Attribute
// macros and the capability check are wrapped in functions Swift can call.
#ifndef TUTOR_NCURSESW_SHIM_H
#define TUTOR_NCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline attr_t tutor_attr_bold(void) { return A_BOLD; }
static inline attr_t tutor_attr_dim(void) { return A_DIM; }
static inline attr_t tutor_attr_reverse(void) { return A_REVERSE; }
static inline attr_t tutor_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t tutor_attr_normal(void) { return A_NORMAL; }

/// Whether the terminal named by $TERM can address the cursor: setupterm succeeds and `cup`
/// exists. Checked before starting curses, which would otherwise exit on an unknown TERM.
static inline int tutor_terminal_usable(void) {
    int error = 0;
    if (setupterm(NULL, 1, &error) != OK) return 0;
    char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return usable;
}

#endif
