/*
 * Peak live malloc bytes against the extent of glibc's main heap, for one process.
 *
 * An LD_PRELOAD library (Linux, glibc >= 2.34 exports __libc_malloc and friends): it counts the
 * usable size of every live block and remembers the largest total ("peak_live_mb"), and the
 * highest end address of any block inside the brk heap ("heap_extent_mb", measured from the
 * program break at start-up). With the launcher's allocator settings (one arena, nothing
 * trimmed) the heap's resident memory is about its extent, so extent - peak live is the memory
 * the process holds only because of where blocks were placed (fragmentation).
 * Prints one line on stderr at exit:
 *   heap_extent: peak_live_mb=... heap_extent_mb=... live_at_exit_mb=...
 * The counters are updated without a lock: with several threads allocating at once the figures
 * are accurate to a few blocks, enough for a difference of megabytes.
 * Build and use: tools/bench/heap_extent.sh (it compiles this file with gcc).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic long live, peak;
static _Atomic unsigned long heap_end;
static unsigned long heap_start;

__attribute__((constructor)) static void start(void) { heap_start = (unsigned long) sbrk(0); }

static void count(void *p) {
    if (!p) return;
    long s = (long) malloc_usable_size(p);
    long l = atomic_fetch_add(&live, s) + s;
    long pk = atomic_load(&peak);
    while (l > pk && !atomic_compare_exchange_weak(&peak, &pk, l)) {}
    unsigned long a = (unsigned long) p, e = a + (unsigned long) s;
    /* blocks of the brk heap lie above the start-up break; mmap'd ones far above it */
    if (a >= heap_start && a - heap_start < (1UL << 40)) {
        unsigned long he = atomic_load(&heap_end);
        while (e > he && !atomic_compare_exchange_weak(&heap_end, &he, e)) {}
    }
}

static void uncount(void *p) {
    if (p) atomic_fetch_sub(&live, (long) malloc_usable_size(p));
}

void *malloc(size_t n) { void *p = __libc_malloc(n); count(p); return p; }
void free(void *p) { uncount(p); __libc_free(p); }
void *calloc(size_t a, size_t b) { void *p = __libc_calloc(a, b); count(p); return p; }
void *realloc(void *q, size_t n) {
    uncount(q);
    void *p = __libc_realloc(q, n);
    if (p) count(p); else if (q && n) count(q); /* failed: q is still live */
    return p;
}
void *memalign(size_t a, size_t n) { void *p = __libc_memalign(a, n); count(p); return p; }
void *aligned_alloc(size_t a, size_t n) { return memalign(a, n); }
int posix_memalign(void **r, size_t a, size_t n) {
    void *p = memalign(a, n);
    if (!p) return ENOMEM;
    *r = p;
    return 0;
}

__attribute__((destructor)) static void report(void) {
    unsigned long he = atomic_load(&heap_end);
    char buf[160];
    int k = snprintf(buf, sizeof buf, "heap_extent: peak_live_mb=%.1f heap_extent_mb=%.1f live_at_exit_mb=%.1f\n",
            atomic_load(&peak) / 1048576.0, he > heap_start ? (he - heap_start) / 1048576.0 : 0.0,
            atomic_load(&live) / 1048576.0);
    if (k > 0) (void) write(2, buf, (size_t) k);
}
