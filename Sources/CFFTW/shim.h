// FFTW 3 (Debian libfftw3-dev), double precision: the FFTs of the fast periodogram pass.
#include <fftw3.h>
