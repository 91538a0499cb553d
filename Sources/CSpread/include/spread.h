// The non-uniform FFT's spreading loop (TutorAstro's NonuniformFFT), in C so that it can be
// compiled for AVX2 and FMA besides the portable baseline and chosen when the program starts.
#ifndef TUTOR_SPREAD_H
#define TUTOR_SPREAD_H

#include <stdint.h>

/// Grid points each point's kernel covers: NonuniformFFT.halfWidth × 2.
#define TUTOR_SPREAD_WIDTH 16

/// Adds (re[p] + i·im[p]) × first_values[p] × shifts[p]^q × ratio_products[q] (point p's
/// Gaussian kernel value at q) to complex grid point (starts[p] + q) mod grid_size, for every
/// point p < count and q < 16. `grid` holds grid_size complex values as (re, im) pairs;
/// grid_size ≥ 16.
void tutor_spread(double *grid, long grid_size, const int32_t *starts, const double *first_values,
                  const double *shifts, const double *ratio_products, const double *re, const double *im,
                  long count);

#endif
