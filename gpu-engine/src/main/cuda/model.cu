// The exact-integer model of spec/MODEL.md as CUDA kernels. Every sum is an exact integer (dp4a into int32 where
// spec/MODEL.md section 7 bounds it by 2^30, int64 elsewhere), so any split across threads or blocks gives the bits the
// CPU reference (reference-engine .../model/ExactModel.java) gives. Host side: gpu-engine .../cuda/CudaModel.java.
//
// Layouts. Activations are row-major per token: token t of a launch owns row t. Weights are the spec's row-major
// [rows][cols] int8 tensors; Wq|Wk|Wv and Wg|Wu are stored stacked so one product computes all three (or two). The
// paged KV pool is blocks of blockSize slots; a slot (spec/MODEL.md 3.4) is, per layer, K[d] then V[d]. Token t sits at
// position tokPos[t] of a sequence whose block table starts at tables[tokTable[t]].

typedef unsigned long long u64;
typedef long long i64;

#define GAMMA 0x9E3779B97F4A7C15ULL
#define REQUANT_SHIFT 24
#define ATTN_SHIFT 24
#define THREADS 256
#define ATTN_THREADS 128
#define TILE_ROWS 64
#define TILE_K 16  // 32-bit words (4 int8 each) per k step of a product

// EXP2[i] = round(2^15 * 2^(-i/32)), copied from spec/MODEL.md section 4.
__constant__ int EXP2[32] = {
    32768, 32066, 31379, 30706, 30048, 29405, 28774, 28158, 27554, 26964, 26386, 25821, 25268, 24726, 24196, 23678,
    23170, 22674, 22188, 21713, 21247, 20792, 20347, 19911, 19484, 19066, 18658, 18258, 17867, 17484, 17109, 16743};

__device__ __forceinline__ u64 mix64(u64 z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// weight(seed, t, i) given key(seed, t): spec/MODEL.md 3.1.
__device__ __forceinline__ int weight_value(u64 key, u64 index) {
    return (int) (mix64(key + (index + 1) * GAMMA) >> 58) - 32;
}

__device__ __forceinline__ int sat8(i64 v) { return v < -128 ? -128 : v > 127 ? 127 : (int) v; }

__device__ __forceinline__ int sat16(i64 v) { return v < -32768 ? -32768 : v > 32767 ? 32767 : (int) v; }

// floor(a / b) for b > 0 (C division truncates towards zero).
__device__ __forceinline__ i64 floor_div(i64 a, i64 b) {
    i64 q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

__device__ __forceinline__ i64 div_round(i64 num, i64 den) { return floor_div(2 * num + den, 2 * den); }

__device__ __forceinline__ int requant(int acc, int mult) {
    return sat8(((i64) acc * mult + (1LL << (REQUANT_SHIFT - 1))) >> REQUANT_SHIFT);
}

// Exact floor square root: a double estimate corrected both ways; r <= isqrt(2^63 - 1) keeps r * r in range.
__device__ i64 isqrt64(i64 v) {
    const i64 maxRoot = 3037000499LL;
    i64 r = (i64) sqrt((double) v);
    if (r > maxRoot) r = maxRoot;
    while (r * r > v) r--;
    while (r < maxRoot && (r + 1) * (r + 1) <= v) r++;
    return r;
}

__device__ __forceinline__ int exp_weight(i64 delta, int mult) {
    i64 z = (delta * mult) >> ATTN_SHIFT;
    if (z >= 512) return 0;
    return EXP2[z & 31] >> (int) (z >> 5);
}

// Element i of a tensor whose key is given, for i in [0, count), written as int8.
extern "C" __global__ void gen_weights(signed char* out, u64 key, u64 count) {
    u64 stride = (u64) gridDim.x * blockDim.x;
    for (u64 i = (u64) blockIdx.x * blockDim.x + threadIdx.x; i < count; i += stride) {
        out[i] = (signed char) weight_value(key, i);
    }
}

// h[t][j] = E[tok mod V][j] + P[pos][j] (spec/MODEL.md 5.1); h is the int32-held int16 residual stream.
extern "C" __global__ void embed(const int* tokens, const int* tokPos, int count, const signed char* emb, int vocab,
                                 int d, u64 posKey, int* h) {
    i64 total = (i64) count * d;
    i64 stride = (i64) gridDim.x * blockDim.x;
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
        int t = (int) (i / d), j = (int) (i % d);
        int row = tokens[t] % vocab;
        h[i] = emb[(i64) row * d + j] + weight_value(posKey, (u64) tokPos[t] * d + j);
    }
}

// RMS norm of rows of h into int8 (spec/MODEL.md 4): one block per output row; row b reads h row rows[b], or row b
// itself when rows is null.
extern "C" __global__ void rmsnorm(const int* h, const int* rows, int d, signed char* out) {
    __shared__ i64 partial[THREADS];
    __shared__ i64 root;
    int b = blockIdx.x;
    const int* x = h + (i64) (rows ? rows[b] : b) * d;
    i64 ss = 0;
    for (int j = threadIdx.x; j < d; j += blockDim.x) ss += (i64) x[j] * x[j];
    partial[threadIdx.x] = ss;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) root = isqrt64((partial[0] << 16) / d);
    __syncthreads();
    i64 D = root;
    signed char* y = out + (i64) b * d;
    for (int j = threadIdx.x; j < d; j += blockDim.x) y[j] = (signed char) (D == 0 ? 0 : sat8(div_round((i64) x[j] * 8192, D)));
}

// Product modes: requantize to int8, keep raw int32 (logits), or requantize and add to the residual with sat16.
#define MODE_REQUANT 0
#define MODE_RAW 1
#define MODE_RESIDUAL 2

// out[t][r] from sum_c W[r][c] * A[t][c] over K words (4 int8 each) per row: a block owns 64 rows x TT tokens; each of
// its 256 threads RPT rows x TPT tokens. dp4a sums are exact in int32 (spec/MODEL.md 7).
template <int TT, int RPT, int TPT, int MODE>
__device__ void gemm(const int* A, int tokens, const int* W, int rows, int K, int mult, void* out) {
    __shared__ int Ws[TILE_ROWS][TILE_K + 1];
    __shared__ int As[TT][TILE_K + 1];
    const int tid = threadIdx.x;
    const int row0 = blockIdx.x * TILE_ROWS, tok0 = blockIdx.y * TT;
    const int tr = tid / (TT / TPT), tt = tid % (TT / TPT);
    int acc[RPT][TPT];
    for (int i = 0; i < RPT; i++)
        for (int j = 0; j < TPT; j++) acc[i][j] = 0;
    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        for (int i = tid; i < TILE_ROWS * TILE_K; i += THREADS) {
            int r = i / TILE_K, k = i % TILE_K, gr = row0 + r, gk = k0 + k;
            Ws[r][k] = (gr < rows && gk < K) ? W[(i64) gr * K + gk] : 0;
        }
        for (int i = tid; i < TT * TILE_K; i += THREADS) {
            int t = i / TILE_K, k = i % TILE_K, gt = tok0 + t, gk = k0 + k;
            As[t][k] = (gt < tokens && gk < K) ? A[(i64) gt * K + gk] : 0;
        }
        __syncthreads();
        for (int k = 0; k < TILE_K; k++) {
            int w[RPT], a[TPT];
            for (int i = 0; i < RPT; i++) w[i] = Ws[tr * RPT + i][k];
            for (int j = 0; j < TPT; j++) a[j] = As[tt * TPT + j][k];
            for (int i = 0; i < RPT; i++)
                for (int j = 0; j < TPT; j++) acc[i][j] = __dp4a(w[i], a[j], acc[i][j]);
        }
        __syncthreads();
    }
    for (int i = 0; i < RPT; i++) {
        int r = row0 + tr * RPT + i;
        if (r >= rows) continue;
        for (int j = 0; j < TPT; j++) {
            int t = tok0 + tt * TPT + j;
            if (t >= tokens) continue;
            i64 o = (i64) t * rows + r;
            if (MODE == MODE_RAW) {
                ((int*) out)[o] = acc[i][j];
            } else if (MODE == MODE_REQUANT) {
                ((signed char*) out)[o] = (signed char) requant(acc[i][j], mult);
            } else {
                int* h = (int*) out;
                h[o] = sat16((i64) h[o] + requant(acc[i][j], mult));
            }
        }
    }
}

// Small token tiles (8) for decode-heavy launches, large ones (64) for prefill: grid (ceil(rows/64), ceil(tokens/TT)).
#define GEMM_KERNELS(MODE, NAME)                                                                                  \
    extern "C" __global__ void NAME##_t8(const int* A, int tokens, const int* W, int rows, int K, int mult,      \
                                         void* out) {                                                           \
        gemm<8, 1, 2, MODE>(A, tokens, W, rows, K, mult, out);                                                  \
    }                                                                                                           \
    extern "C" __global__ void NAME##_t64(const int* A, int tokens, const int* W, int rows, int K, int mult,     \
                                          void* out) {                                                          \
        gemm<64, 4, 4, MODE>(A, tokens, W, rows, K, mult, out);                                                 \
    }
GEMM_KERNELS(MODE_REQUANT, matmul_requant)
GEMM_KERNELS(MODE_RAW, matmul_raw)
GEMM_KERNELS(MODE_RESIDUAL, matmul_residual)

// Byte offset of the KV slot of token t's position in the pool.
__device__ __forceinline__ i64 slot_offset(const int* tables, int table, int pos, int blockSize, i64 slotBytes) {
    return ((i64) tables[table + pos / blockSize] * blockSize + pos % blockSize) * slotBytes;
}

// Writes K and V of layer l for every token into its slot; qkv rows are q | k | v (3d int8 each).
extern "C" __global__ void store_kv(const signed char* qkv, int count, const int* tables, const int* tokTable,
                                    const int* tokPos, int d, int layer, int blockSize, i64 slotBytes,
                                    signed char* kv) {
    i64 total = (i64) count * 2 * d;
    i64 stride = (i64) gridDim.x * blockDim.x;
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
        int t = (int) (i / (2 * d)), j = (int) (i % (2 * d));
        i64 slot = slot_offset(tables, tokTable[t], tokPos[t], blockSize, slotBytes);
        kv[slot + (i64) 2 * layer * d + j] = qkv[(i64) t * 3 * d + d + j];
    }
}

// Score of token t's query head against the K of position pos: sum over the head's hd/4 words.
__device__ __forceinline__ int score(const int* q, const signed char* kv, i64 kOff, int words) {
    const int* k = (const int*) (kv + kOff);
    int s = 0;
    for (int w = 0; w < words; w++) s = __dp4a(q[w], k[w], s);
    return s;
}

// Causal attention of one token and one head over positions 0..tokPos[t] of its sequence (spec/MODEL.md 5.2). Pass 1
// finds the maximum score, pass 2 recomputes each score, weighs it and sums w * V in int64; one division per output.
// Grid (tokens, heads), 128 threads; hd % 4 == 0 and hd <= 4 * ATTN_THREADS.
extern "C" __global__ void attention(const signed char* qkv, const signed char* kv, const int* tables,
                                     const int* tokTable, const int* tokPos, int d, int hd, int layer, int blockSize,
                                     i64 slotBytes, int attnMult, signed char* out) {
    __shared__ int qs[ATTN_THREADS];
    __shared__ int red[ATTN_THREADS];
    __shared__ i64 sums[ATTN_THREADS];
    __shared__ int ws[ATTN_THREADS];
    __shared__ i64 vOff[ATTN_THREADS];
    const int t = blockIdx.x, head = blockIdx.y, tid = threadIdx.x;
    const int n = tokPos[t] + 1, table = tokTable[t], words = hd / 4;
    const i64 kBase = (i64) 2 * layer * d + (i64) head * hd;
    if (tid < words) qs[tid] = ((const int*) (qkv + (i64) t * 3 * d + (i64) head * hd))[tid];
    __syncthreads();
    int best = -2147483647 - 1;
    for (int p = tid; p < n; p += ATTN_THREADS) {
        int s = score(qs, kv, slot_offset(tables, table, p, blockSize, slotBytes) + kBase, words);
        if (s > best) best = s;
    }
    red[tid] = best;
    __syncthreads();
    for (int s = ATTN_THREADS / 2; s > 0; s >>= 1) {
        if (tid < s && red[tid + s] > red[tid]) red[tid] = red[tid + s];
        __syncthreads();
    }
    const i64 m = red[0];
    i64 total = 0;
    i64 acc[4] = {0, 0, 0, 0};  // output j = tid + 128 * i of the head
    for (int p0 = 0; p0 < n; p0 += ATTN_THREADS) {
        __syncthreads();  // the previous tile's ws and vOff are consumed
        int p = p0 + tid;
        if (p < n) {
            i64 slot = slot_offset(tables, table, p, blockSize, slotBytes);
            int w = exp_weight(m - score(qs, kv, slot + kBase, words), attnMult);
            ws[tid] = w;
            vOff[tid] = slot + kBase + d;
            total += w;
        }
        __syncthreads();
        int tileN = n - p0 < ATTN_THREADS ? n - p0 : ATTN_THREADS;
        for (int u = 0; u < tileN; u++) {
            int w = ws[u];
            if (w == 0) continue;
            for (int i = 0; i < 4; i++) {
                int j = tid + ATTN_THREADS * i;
                if (j < hd) acc[i] += (i64) w * kv[vOff[u] + j];
            }
        }
    }
    sums[tid] = total;
    __syncthreads();
    for (int s = ATTN_THREADS / 2; s > 0; s >>= 1) {
        if (tid < s) sums[tid] += sums[tid + s];
        __syncthreads();
    }
    const i64 S = sums[0];
    for (int i = 0; i < 4; i++) {
        int j = tid + ATTN_THREADS * i;
        if (j < hd) out[(i64) t * d + (i64) head * hd + j] = (signed char) div_round(acc[i], S);
    }
}

// m[t][j] = reglu(g, u) with rows g | u (2F int8 each): spec/MODEL.md 4.
extern "C" __global__ void reglu(const signed char* gu, int count, int f, signed char* out) {
    i64 total = (i64) count * f;
    i64 stride = (i64) gridDim.x * blockDim.x;
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
        i64 t = i / f, j = i % f;
        int g = gu[t * 2 * f + j], u = gu[t * 2 * f + f + j];
        out[i] = (signed char) sat8(((i64) (g > 0 ? g : 0) * u + 16) >> 5);
    }
}

// Index of the largest logit of each row, lowest index on ties (spec/MODEL.md 6): one block per row.
extern "C" __global__ void argmax(const int* logits, int vocab, int* out) {
    __shared__ int bestValue[THREADS];
    __shared__ int bestIndex[THREADS];
    const int* row = logits + (i64) blockIdx.x * vocab;
    int bv = row[0], bi = 0;
    for (int v = threadIdx.x; v < vocab; v += blockDim.x) {
        if (row[v] > bv || (row[v] == bv && v < bi)) {
            bv = row[v];
            bi = v;
        }
    }
    bestValue[threadIdx.x] = bv;
    bestIndex[threadIdx.x] = bi;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            int ov = bestValue[threadIdx.x + s], oi = bestIndex[threadIdx.x + s];
            if (ov > bestValue[threadIdx.x] || (ov == bestValue[threadIdx.x] && oi < bestIndex[threadIdx.x])) {
                bestValue[threadIdx.x] = ov;
                bestIndex[threadIdx.x] = oi;
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[blockIdx.x] = bestIndex[0];
}
