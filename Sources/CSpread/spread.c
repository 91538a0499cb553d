#include "spread.h"

// Two versions of the loop, chosen by the CPU when the program is loaded (an ifunc): one for
// AVX2 with FMA, four doubles a vector, and the portable x86-64 baseline (SSE2), so a build
// runs on any x86-64 machine yet uses what a cluster's CPU has. Elsewhere, the one version.
//
// Not under a sanitizer: the version is chosen by a resolver that the loader runs before the
// sanitizer's runtime is set up, and an instrumented resolver crashes the program there
// (ThreadSanitizer: SIGSEGV as the test bundle loads).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TUTOR_SANITIZED 1
#endif
#endif
#if defined(__x86_64__) && defined(__has_attribute) && !defined(TUTOR_SANITIZED)
#if __has_attribute(target_clones)
#define TUTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
#endif
#ifndef TUTOR_CLONES
#define TUTOR_CLONES
#endif

typedef double doubles4 __attribute__((vector_size(32), aligned(8)));

/// Four doubles from `at` (a macro: a function returning a 32-byte vector has a different ABI
/// in the baseline and the AVX2 version).
#define FOUR(into, at) __builtin_memcpy(&(into), (at), sizeof(doubles4))

// Points whose kernels start at the same grid point (neighbours in time, on a grid much finer
// than the curve needs: 25 to a grid point for 10^5 points on 2·10^6 frequencies) are summed
// in registers, four grid points to a vector, and added to the grid once, rather than each
// point waiting on the previous one's stores to the same grid points.
TUTOR_CLONES
void tutor_spread(double *grid, long grid_size, const int32_t *starts, const double *first_values,
                  const double *shifts, const double *ratio_products, const double *re, const double *im,
                  long count) {
    doubles4 c0, c1, c2, c3;
    FOUR(c0, ratio_products); FOUR(c1, ratio_products + 4); FOUR(c2, ratio_products + 8); FOUR(c3, ratio_products + 12);
    long p = 0;
    while (p < count) {
        const int32_t first = starts[p];
        doubles4 re0 = {0}, re1 = {0}, re2 = {0}, re3 = {0}, im0 = {0}, im1 = {0}, im2 = {0}, im3 = {0};
        do {
            // The kernel values: first value × shift^q × ratio_products[q], four q at a time.
            const double s = shifts[p], s2 = s * s;
            const doubles4 s4 = (doubles4){0} + s2 * s2;
            const doubles4 p0 = (doubles4){1, s, s2, s2 * s}, p1 = p0 * s4, p2 = p1 * s4, p3 = p2 * s4;
            const doubles4 f = (doubles4){0} + first_values[p];
            const doubles4 k0 = f * p0 * c0, k1 = f * p1 * c1, k2 = f * p2 * c2, k3 = f * p3 * c3;
            const doubles4 a = (doubles4){0} + re[p], b = (doubles4){0} + im[p];
            re0 += a * k0; re1 += a * k1; re2 += a * k2; re3 += a * k3;
            im0 += b * k0; im1 += b * k1; im2 += b * k2; im3 += b * k3;
            p++;
        } while (p < count && starts[p] == first);
        double sum_re[TUTOR_SPREAD_WIDTH], sum_im[TUTOR_SPREAD_WIDTH];
        __builtin_memcpy(sum_re, &re0, 32); __builtin_memcpy(sum_re + 4, &re1, 32);
        __builtin_memcpy(sum_re + 8, &re2, 32); __builtin_memcpy(sum_re + 12, &re3, 32);
        __builtin_memcpy(sum_im, &im0, 32); __builtin_memcpy(sum_im + 4, &im1, 32);
        __builtin_memcpy(sum_im + 8, &im2, 32); __builtin_memcpy(sum_im + 12, &im3, 32);
        long slot = first;
        for (int q = 0; q < TUTOR_SPREAD_WIDTH; q++) {
            grid[2 * slot] += sum_re[q];
            grid[2 * slot + 1] += sum_im[q];
            if (++slot == grid_size) slot = 0;
        }
    }
}
