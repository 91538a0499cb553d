// CFITSIO (Debian libcfitsio-dev): reading TESS and Kepler light curves from FITS tables.
// Swift cannot see the long fits_* names (they are macros); call the short ones (ffopen, …).
#include <fitsio.h>
