// Runs model.cu's kernels under emu.h in the launch order of CudaModel.java and prints, for a prompt, what the golden
// file (reference-engine/src/test/resources/golden) records: the first 16 logits, their sum, the weighted sum and an
// 8-token greedy continuation. The prompt is computed twice, whole and in chunks of 7 batched beside another sequence
// over scattered KV blocks; both must agree. Usage: check_model SEED TOKEN... (shape tiny).
#include <cstdio>
#include <cstdlib>
#include "emu.h"
#include "../../main/cuda/model.cu"

static const int V = 512, D = 64, L = 2, H = 4, F = 128, HD = D / H, BS = 16, BLOCKS = 64;
static const i64 SLOT = 2 * L * D;

static u64 tensorKey(u64 seed, int t) { return mix64(mix64(seed) + (u64) (t + 1) * GAMMA); }

static i64 isqrtHost(i64 v) { return isqrt64(v); }
static int mult(int n) { return (int) ((1LL << 20) / isqrtHost(n)); }

struct Model {
    std::vector<signed char> emb, out, kv;
    std::vector<std::vector<signed char>> qkvW, oW, guW, dW;
    u64 posKey;
    Model(u64 seed) : kv((size_t) BLOCKS * BS * SLOT) {
        auto gen = [&](std::vector<signed char>& buf, size_t off, int tensor, u64 count) {
            signed char* p = buf.data() + off;
            u64 key = tensorKey(seed, tensor);
            launch(4, 1, 64, [=] { gen_weights(p, key, count); });
        };
        emb.resize(V * D); gen(emb, 0, 0, V * D);
        out.resize(V * D); gen(out, 0, 2, V * D);
        posKey = tensorKey(seed, 1);
        for (int l = 0; l < L; l++) {
            int base = 16 + 8 * l;
            qkvW.emplace_back(3 * D * D); for (int i = 0; i < 3; i++) gen(qkvW[l], (size_t) i * D * D, base + i, D * D);
            oW.emplace_back(D * D); gen(oW[l], 0, base + 3, D * D);
            guW.emplace_back(2 * F * D); gen(guW[l], 0, base + 4, F * D); gen(guW[l], (size_t) F * D, base + 5, F * D);
            dW.emplace_back(D * F); gen(dW[l], 0, base + 6, D * F);
        }
    }

    static void gemm(int mode, const void* A, int T, const void* W, int rows, int n, int m, void* o) {
        bool small = T <= 16;
        unsigned gx = (rows + 63) / 64, gy = (T + (small ? 7 : 63)) / (small ? 8 : 64);
        const int *a = (const int*) A, *w = (const int*) W;
        int K = n / 4;
        launch(gx, gy, 256, [=] {
            if (mode == 0) small ? matmul_requant_t8(a, T, w, rows, K, m, o) : matmul_requant_t64(a, T, w, rows, K, m, o);
            if (mode == 1) small ? matmul_raw_t8(a, T, w, rows, K, m, o) : matmul_raw_t64(a, T, w, rows, K, m, o);
            if (mode == 2) small ? matmul_residual_t8(a, T, w, rows, K, m, o) : matmul_residual_t64(a, T, w, rows, K, m, o);
        });
    }

    // Slices: (tokens, start, block table, emits); returns the next token of each emitting slice, in order.
    struct Slice { std::vector<int> tokens; int start; std::vector<int> table; bool emits; };
    std::vector<int> run(const std::vector<Slice>& slices) {
        std::vector<int> tok, pos, tokTable, tables, emitRows;
        for (auto& s : slices) {
            int off = tables.size();
            tables.insert(tables.end(), s.table.begin(), s.table.end());
            for (size_t i = 0; i < s.tokens.size(); i++) {
                tok.push_back(s.tokens[i]); pos.push_back(s.start + i); tokTable.push_back(off);
            }
            if (s.emits) emitRows.push_back(tok.size() - 1);
        }
        int T = tok.size();
        std::vector<int> h(T * D);
        std::vector<signed char> a(T * D), qkv(T * 3 * D), att(T * D), gu(T * 2 * F), m(T * F);
        int *ph = h.data(), *ptok = tok.data(), *ppos = pos.data(), *ptt = tokTable.data(), *ptab = tables.data();
        signed char *pa = a.data(), *pqkv = qkv.data(), *patt = att.data(), *pgu = gu.data(), *pm = m.data(),
                    *pkv = kv.data(), *pemb = emb.data();
        u64 pk = posKey;
        launch(8, 1, 256, [=] { embed(ptok, ppos, T, pemb, V, D, pk, ph); });
        int am = mult(HD);
        for (int l = 0; l < L; l++) {
            launch(T, 1, 256, [=] { rmsnorm(ph, nullptr, D, pa); });
            gemm(0, pa, T, qkvW[l].data(), 3 * D, D, mult(D), pqkv);
            launch(8, 1, 256, [=] { store_kv(pqkv, T, ptab, ptt, ppos, D, l, BS, SLOT, pkv); });
            launch(T, H, 128, [=] { attention(pqkv, pkv, ptab, ptt, ppos, D, HD, l, BS, SLOT, am, patt); });
            gemm(2, patt, T, oW[l].data(), D, D, mult(D), ph);
            launch(T, 1, 256, [=] { rmsnorm(ph, nullptr, D, pa); });
            gemm(0, pa, T, guW[l].data(), 2 * F, D, mult(D), pgu);
            launch(8, 1, 256, [=] { reglu(pgu, T, F, pm); });
            gemm(2, pm, T, dW[l].data(), D, F, mult(F), ph);
        }
        int E = emitRows.size();
        std::vector<signed char> f(E * D);
        std::vector<int> logits(E * V), next(E);
        int *prows = emitRows.data(), *plog = logits.data(), *pnext = next.data();
        signed char* pf = f.data();
        launch(E, 1, 256, [=] { rmsnorm(ph, prows, D, pf); });
        gemm(1, pf, E, out.data(), V, D, 0, plog);
        launch(E, 1, 256, [=] { argmax(plog, V, pnext); });
        lastLogits = std::vector<int>(logits.end() - V, logits.end());
        return next;
    }
    std::vector<int> lastLogits;
};


int main(int argc, char** argv) {
    u64 seed = strtoull(argv[1], nullptr, 10);
    std::vector<int> prompt;
    for (int i = 2; i < argc; i++) prompt.push_back(atoi(argv[i]));
    int n = prompt.size();
    Model model(seed);
    // Whole prompt in one launch, blocks 0.. in order.
    std::vector<int> tableA;
    for (int b = 0; b < (n + 8 + BS - 1) / BS; b++) tableA.push_back(b);
    std::vector<int> seq = prompt;
    int next = model.run({{prompt, 0, tableA, true}})[0];
    std::vector<int> logits = model.lastLogits;
    std::vector<int> cont{next};
    for (int i = 1; i < 8; i++) {
        seq.push_back(next);
        next = model.run({{{next}, (int) seq.size() - 1, tableA, true}})[0];
        cont.push_back(next);
    }
    // Again in chunks of 7 over blocks taken from the top of the pool, beside a decoy sequence of other tokens.
    std::vector<int> tableB, tableDecoy;
    for (int b = 0; b < (n + 8 + BS - 1) / BS; b++) tableB.push_back(BLOCKS - 1 - 2 * b);
    for (int b = 0; b < (n + BS - 1) / BS + 1; b++) tableDecoy.push_back(BLOCKS - 2 - 2 * b);
    std::vector<int> chunked;
    for (int s = 0; s < n; s += 7) {
        int e = s + 7 < n ? s + 7 : n;
        std::vector<int> part(prompt.begin() + s, prompt.begin() + e), decoy;
        for (int i = s; i < e; i++) decoy.push_back((prompt[i] * 7 + 3) % 32768);
        auto r = model.run({{decoy, s, tableDecoy, true}, {part, s, tableB, e == n}});
        if (e == n) chunked.push_back(r[1]);
    }
    seq = prompt;
    for (int i = 1; i < 8; i++) {
        seq.push_back(chunked.back());
        chunked.push_back(model.run({{{chunked.back()}, (int) seq.size() - 1, tableB, true}})[0]);
    }
    long long sum = 0, wsum = 0;
    for (int v = 0; v < V; v++) { sum += logits[v]; wsum += (long long) (v + 1) * logits[v]; }
    printf("{\"logitsHead\": [");
    for (int v = 0; v < 16; v++) printf(v ? ", %d" : "%d", logits[v]);
    printf("], \"logitsSum\": %lld, \"logitsWeightedSum\": %lld, \"continuation\": [", sum, wsum);
    for (int i = 0; i < 8; i++) printf(i ? ", %d" : "%d", cont[i]);
    printf("], \"chunked\": [");
    for (int i = 0; i < 8; i++) printf(i ? ", %d" : "%d", chunked[i]);
    printf("]}\n");
}
