/* Peak fused multiply-add throughput of one core, for bench/roofline.sh: a tight loop of independent vector FMAs
 * (12 accumulators, enough to cover the FMA latency on current x86 cores) in double and in float, at the widest
 * vector width the compiler is allowed (-march=native: 512-bit with AVX-512, else 256-bit with AVX2/FMA).
 * Prints "peak_<precision>_gflops=<G>" for this process; bench/roofline.sh runs one copy per core at the same time
 * for the all-core figure. A flop is one multiply or one add (an FMA counts 2). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ACC 12
#ifndef WIDTH_BYTES
#  if defined(__AVX512F__)
#    define WIDTH_BYTES 64
#  elif defined(__AVX__)
#    define WIDTH_BYTES 32
#  else
#    define WIDTH_BYTES 16
#  endif
#endif
typedef double vd __attribute__((vector_size(WIDTH_BYTES)));
typedef float vf __attribute__((vector_size(WIDTH_BYTES)));

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* x = x * m + a for ACC independent x held in registers: with -ffp-contract=fast each line is one vfmadd */
#define STEP(v) v = v * m + a;
#define KERNEL(T, S, NAME)                                                                 \
    static double NAME(long iters) {                                                       \
        T m = (T){0} + (S)0.999999, a = (T){0} + (S)1e-6;                                  \
        T x0 = (T){0} + (S)1.00, x1 = (T){0} + (S)1.01, x2 = (T){0} + (S)1.02;             \
        T x3 = (T){0} + (S)1.03, x4 = (T){0} + (S)1.04, x5 = (T){0} + (S)1.05;             \
        T x6 = (T){0} + (S)1.06, x7 = (T){0} + (S)1.07, x8 = (T){0} + (S)1.08;             \
        T x9 = (T){0} + (S)1.09, x10 = (T){0} + (S)1.10, x11 = (T){0} + (S)1.11;           \
        double t0 = now();                                                                 \
        for (long it = 0; it < iters; it++) {                                              \
            STEP(x0) STEP(x1) STEP(x2) STEP(x3) STEP(x4) STEP(x5)                          \
            STEP(x6) STEP(x7) STEP(x8) STEP(x9) STEP(x10) STEP(x11)                        \
            __asm__ volatile("" : "+v"(x0), "+v"(x1), "+v"(x2), "+v"(x3), "+v"(x4), "+v"(x5)); \
            __asm__ volatile("" : "+v"(x6), "+v"(x7), "+v"(x8), "+v"(x9), "+v"(x10), "+v"(x11)); \
        }                                                                                  \
        double t = now() - t0;                                                             \
        T s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11;                 \
        if (s[0] == 42.0) printf("#");                                                     \
        return 2.0 * ACC * (sizeof(T) / sizeof(s[0])) * iters / t / 1e9;                  \
    }
KERNEL(vd, double, peak_double)
KERNEL(vf, float, peak_float)

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    long iters = 1000000;
    /* calibrate: grow until one pass takes a tenth of the time asked */
    while (1) {
        double t0 = now();
        peak_double(iters);
        if (now() - t0 > seconds / 10 || iters > (1L << 40)) break;
        iters *= 2;
    }
    double best_d = 0, best_f = 0;
    for (int r = 0; r < 5; r++) {
        double g = peak_double(iters);
        if (g > best_d) best_d = g;
        g = peak_float(iters);
        if (g > best_f) best_f = g;
    }
    printf("peak_double_gflops=%.1f peak_float_gflops=%.1f vector_bits=%d\n", best_d, best_f, WIDTH_BYTES * 8);
    return 0;
}
