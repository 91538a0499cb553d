// CFITSIO (Debian libcfitsio-dev): reading TESS and Kepler light curves from FITS tables.
// The header only: tutor loads the library itself when it reads the first FITS file
// (TutorAstro's CFITSIOLibrary), and the tests link it to write their fixtures.
// Swift cannot see the long fits_* names (they are macros); call the short ones (ffopen, …).
#include <fitsio.h>
