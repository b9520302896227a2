// A CPU emulation of the little of CUDA that model.cu uses, so its kernels can be checked on a machine without a GPU:
// each block runs as blockDim real threads meeting at a barrier for __syncthreads, blocks one after another, so
// block-shared memory can be plain statics.
#pragma once
#include <barrier>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;
std::barrier<>* emuBarrier;

#define __global__
#define __device__
#define __forceinline__ inline
#define __constant__
#define __shared__ static

inline void __syncthreads() { emuBarrier->arrive_and_wait(); }

inline int __dp4a(int a, int b, int c) {
    for (int i = 0; i < 4; i++) c += (signed char) (a >> (8 * i)) * (signed char) (b >> (8 * i));
    return c;
}

inline void launch(unsigned gx, unsigned gy, unsigned threads, const std::function<void()>& kernel) {
    gridDim = {gx, gy, 1};
    blockDim = {threads, 1, 1};
    for (unsigned by = 0; by < gy; by++) {
        for (unsigned bx = 0; bx < gx; bx++) {
            std::barrier<> bar(threads);
            emuBarrier = &bar;
            std::vector<std::thread> ts;
            for (unsigned t = 0; t < threads; t++) {
                ts.emplace_back([&, t] {
                    threadIdx = {t, 0, 0};
                    blockIdx = {bx, by, 0};
                    kernel();
                });
            }
            for (auto& th : ts) th.join();
        }
    }
}
