// Checkpoints (save / restore of the complete training state) and pruning.
//
// Checkpoint format, version 1, native byte order (an endianness tag is checked):
//   header   char magic[8] = "AMSMLPCK", u32 version, u32 endian tag 0x01020304,
//            u64 total length in bytes (including the trailing checksum)
//   spec     u32 n_sizes, i32 sizes[n_sizes], i32 activation[L-1], f32 dropout[L-1],
//            u8 batchnorm[L-1], f32 leaky_slope, i32 loss, i32 init, u64 seed
//   params   i64 n_params, f32 params[n_params]
//   opt      u8 set, i32 kind, f32 lr, momentum, beta1, beta2, eps, weight_decay,
//            clip_norm, i64 opt_t, u8 n_moments, f32 moments[n_moments][n_params]
//   schedule i32 kind, i64 step_size, f32 gamma, i64 warmup, i64 total, f32 min_lr
//   counters i64 step, i64 epoch, u64 rng[4]
//   bn       for each batch-norm layer: f32 running_mean[out], f32 running_var[out]
//   masks    u8 has_mask, then (if set) u8 keep[n_params]
//   trailer  u64 checksum of every preceding byte (64-bit FNV-1a over 8-byte words)
// init and seed are informational (they only matter before training): restore adopts them
// without comparing, so that save(restore(x)) == x.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn_internal.h"

namespace ams {
namespace {

constexpr char kMagic[8] = {'A', 'M', 'S', 'M', 'L', 'P', 'C', 'K'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kEndianTag = 0x01020304u;

uint64_t checksum(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

// Writes into buf, or only counts bytes when buf is NULL.
struct Writer {
  uint8_t* p;
  size_t pos = 0;
  void put(const void* src, size_t n) {
    if (p && n) std::memcpy(p + pos, src, n);
    pos += n;
  }
  template <class T>
  void val(T v) {
    put(&v, sizeof v);
  }
};

struct Reader {
  const uint8_t* p;
  size_t len;
  size_t pos = 0;
  void get(void* dst, size_t n) {
    if (n > len - pos)
      fail(ERR_MISMATCH, "checkpoint truncated: need %zu bytes at offset %zu, only %zu left", n,
           pos, len - pos);
    std::memcpy(dst, p + pos, n);
    pos += n;
  }
  template <class T>
  T val() {
    T v;
    get(&v, sizeof v);
    return v;
  }
};

void serialize(const ams_mlp* m, Writer& w, uint64_t total) {
  w.put(kMagic, 8);
  w.val<uint32_t>(kVersion);
  w.val<uint32_t>(kEndianTag);
  w.val<uint64_t>(total);
  // spec
  w.val<uint32_t>(uint32_t(m->sizes.size()));
  for (int32_t s : m->sizes) w.val<int32_t>(s);
  for (int32_t l = 0; l + 1 < m->n_layers; ++l) w.val<int32_t>(m->layers[l].act);
  for (int32_t l = 0; l + 1 < m->n_layers; ++l) w.val<float>(m->layers[l].drop);
  for (int32_t l = 0; l + 1 < m->n_layers; ++l) w.val<uint8_t>(m->layers[l].bn ? 1 : 0);
  w.val<float>(m->leaky_slope);
  w.val<int32_t>(m->loss);
  w.val<int32_t>(m->init);
  w.val<uint64_t>(m->seed);
  // params
  const size_t np = size_t(m->n_params);
  w.val<int64_t>(m->n_params);
  w.put(m->params.data(), np * sizeof(float));
  // optimizer
  w.val<uint8_t>(m->opt_set ? 1 : 0);
  const OptConfig& o = m->opt;
  w.val<int32_t>(o.kind);
  for (float f : {o.lr, o.momentum, o.beta1, o.beta2, o.eps, o.weight_decay, o.clip_norm})
    w.val<float>(f);
  w.val<int64_t>(m->opt_t);
  const uint8_t nm = uint8_t((m->mom1.empty() ? 0 : 1) + (m->mom2.empty() ? 0 : 1));
  w.val<uint8_t>(nm);
  if (nm >= 1) w.put(m->mom1.data(), np * sizeof(float));
  if (nm >= 2) w.put(m->mom2.data(), np * sizeof(float));
  // schedule
  const SchedConfig& s = m->sched;
  w.val<int32_t>(s.kind);
  w.val<int64_t>(s.step_size);
  w.val<float>(s.gamma);
  w.val<int64_t>(s.warmup);
  w.val<int64_t>(s.total);
  w.val<float>(s.min_lr);
  // counters, rng
  w.val<int64_t>(m->step);
  w.val<int64_t>(m->epoch);
  for (uint64_t x : m->rng.s) w.val<uint64_t>(x);
  // batch-norm running statistics
  for (const Layer& L : m->layers)
    if (L.bn) {
      w.put(L.run_mean.data(), size_t(L.out) * sizeof(float));
      w.put(L.run_var.data(), size_t(L.out) * sizeof(float));
    }
  // masks
  w.val<uint8_t>(m->has_mask ? 1 : 0);
  if (m->has_mask) {
    if (w.p)
      for (size_t i = 0; i < np; ++i) w.p[w.pos + i] = m->pmask[i] ? 1 : 0;
    w.pos += np;
  }
}

std::string sizes_str(const std::vector<int32_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

int64_t prune_count(float sparsity, int64_t n) {
  // at least `sparsity` of n, tolerant of float rounding in the product (0.3f * 1000)
  int64_t k = int64_t(std::ceil(double(sparsity) * double(n) - 1e-4));
  return std::max<int64_t>(0, std::min<int64_t>(k, n - 1));  // keep at least one
}

// |w| as a sort key; NaN (a diverged network) sorts last, keeping the ordering strict.
double magnitude(float w) { return std::isnan(w) ? HUGE_VAL : std::fabs(double(w)); }

// Indices of the k smallest keys (ties by index), already-pruned entries first.
std::vector<int64_t> smallest(const std::vector<double>& key, int64_t k) {
  std::vector<int64_t> idx(key.size());
  std::iota(idx.begin(), idx.end(), 0);
  auto less = [&](int64_t a, int64_t b) { return key[a] < key[b] || (key[a] == key[b] && a < b); };
  std::nth_element(idx.begin(), idx.begin() + k, idx.end(), less);
  idx.resize(size_t(k));
  return idx;
}

}  // namespace

int64_t state_size(const ams_mlp* m) {
  Writer w{nullptr};
  serialize(m, w, 0);
  return int64_t(w.pos + sizeof(uint64_t));
}

void save_state(const ams_mlp* m, void* buf, int64_t len) {
  const int64_t need = state_size(m);
  if (len < need) fail(ERR_ARG, "buffer too small: the state needs %lld bytes, got %lld", (long long)need, (long long)len);
  Writer w{static_cast<uint8_t*>(buf)};
  serialize(m, w, uint64_t(need));
  const uint64_t h = checksum(w.p, w.pos);
  w.val<uint64_t>(h);
}

void restore_state(ams_mlp* m, const void* buf, int64_t len) {
  const uint8_t* p = static_cast<const uint8_t*>(buf);
  if (len < 24) fail(ERR_MISMATCH, "checkpoint truncated: %lld bytes, smaller than the 24-byte header", (long long)len);
  if (std::memcmp(p, kMagic, 8) != 0) fail(ERR_MISMATCH, "not an Ams MLP checkpoint (bad magic)");
  Reader r{p, size_t(len)};
  r.pos = 8;
  const uint32_t version = r.val<uint32_t>();
  if (version != kVersion) fail(ERR_MISMATCH, "unsupported checkpoint version %u (this library reads %u)", version, kVersion);
  if (r.val<uint32_t>() != kEndianTag) fail(ERR_MISMATCH, "checkpoint written with a different byte order");
  const uint64_t total = r.val<uint64_t>();
  if (total > uint64_t(len)) fail(ERR_MISMATCH, "checkpoint truncated: header says %llu bytes, buffer has %lld", (unsigned long long)total, (long long)len);
  if (total < 32) fail(ERR_MISMATCH, "corrupt checkpoint: length %llu in header", (unsigned long long)total);
  uint64_t stored;
  std::memcpy(&stored, p + total - 8, 8);
  if (checksum(p, size_t(total) - 8) != stored) fail(ERR_MISMATCH, "corrupt checkpoint: checksum mismatch");
  r.len = size_t(total) - 8;

  // ---- spec
  const uint32_t ns = r.val<uint32_t>();
  if (ns != m->sizes.size()) fail(ERR_MISMATCH, "checkpoint spec mismatch: %u layer sizes, network has %zu", ns, m->sizes.size());
  std::vector<int32_t> sizes(ns);
  for (auto& s : sizes) s = r.val<int32_t>();
  if (sizes != m->sizes)
    fail(ERR_MISMATCH, "checkpoint spec mismatch: sizes %s, network has %s", sizes_str(sizes).c_str(), sizes_str(m->sizes).c_str());
  const int32_t nh = m->n_layers - 1;
  for (int32_t l = 0; l < nh; ++l) {
    const int32_t a = r.val<int32_t>();
    if (a != m->layers[l].act) fail(ERR_MISMATCH, "checkpoint spec mismatch: layer %d activation %d, network has %d", l, a, m->layers[l].act);
  }
  for (int32_t l = 0; l < nh; ++l) {
    const float d = r.val<float>();
    if (!same_bits(d, m->layers[l].drop)) fail(ERR_MISMATCH, "checkpoint spec mismatch: layer %d dropout %g, network has %g", l, d, m->layers[l].drop);
  }
  for (int32_t l = 0; l < nh; ++l) {
    const uint8_t b = r.val<uint8_t>();
    if ((b != 0) != m->layers[l].bn) fail(ERR_MISMATCH, "checkpoint spec mismatch: layer %d batchnorm %d, network has %d", l, int(b), int(m->layers[l].bn));
  }
  const float slope = r.val<float>();
  if (!same_bits(slope, m->leaky_slope)) fail(ERR_MISMATCH, "checkpoint spec mismatch: leaky slope %g, network has %g", slope, m->leaky_slope);
  const int32_t loss = r.val<int32_t>();
  if (loss != m->loss) fail(ERR_MISMATCH, "checkpoint spec mismatch: loss %d, network has %d", loss, m->loss);
  const int32_t init = r.val<int32_t>();   // informational: adopted, not compared
  const uint64_t seed = r.val<uint64_t>();

  // ---- everything else into temporaries; the network is untouched until all is read
  const int64_t np = r.val<int64_t>();
  if (np != m->n_params) fail(ERR_MISMATCH, "checkpoint has %lld parameters, network has %lld", (long long)np, (long long)m->n_params);
  const size_t n = size_t(np);
  std::vector<float> params(n);
  r.get(params.data(), n * sizeof(float));
  const bool opt_set = r.val<uint8_t>() != 0;
  OptConfig o;
  o.kind = r.val<int32_t>();
  for (float* f : {&o.lr, &o.momentum, &o.beta1, &o.beta2, &o.eps, &o.weight_decay, &o.clip_norm}) *f = r.val<float>();
  if (o.kind < AMS_OPT_SGD || o.kind > AMS_OPT_ADAGRAD) fail(ERR_MISMATCH, "corrupt checkpoint: optimizer kind %d", o.kind);
  const int64_t opt_t = r.val<int64_t>();
  const uint8_t nm = r.val<uint8_t>();
  if (nm != (opt_set ? moment_count(o.kind) : 0)) fail(ERR_MISMATCH, "corrupt checkpoint: %u moment buffers for optimizer kind %d", unsigned(nm), o.kind);
  std::vector<float> mom1(nm >= 1 ? n : 0), mom2(nm >= 2 ? n : 0);
  r.get(mom1.data(), mom1.size() * sizeof(float));
  r.get(mom2.data(), mom2.size() * sizeof(float));
  SchedConfig s;
  s.kind = r.val<int32_t>();
  s.step_size = r.val<int64_t>();
  s.gamma = r.val<float>();
  s.warmup = r.val<int64_t>();
  s.total = r.val<int64_t>();
  s.min_lr = r.val<float>();
  if (s.kind < AMS_SCHED_CONSTANT || s.kind > AMS_SCHED_COSINE) fail(ERR_MISMATCH, "corrupt checkpoint: schedule kind %d", s.kind);
  const int64_t step = r.val<int64_t>();
  const int64_t epoch = r.val<int64_t>();
  Rng rng;
  for (auto& x : rng.s) x = r.val<uint64_t>();
  std::vector<float> bn;
  for (const Layer& L : m->layers)
    if (L.bn) {
      const size_t off = bn.size();
      bn.resize(off + 2 * size_t(L.out));
      r.get(bn.data() + off, 2 * size_t(L.out) * sizeof(float));
    }
  const bool has_mask = r.val<uint8_t>() != 0;
  std::vector<uint8_t> keep(has_mask ? n : 0);
  r.get(keep.data(), keep.size());
  if (r.pos != r.len) fail(ERR_MISMATCH, "corrupt checkpoint: %zu unexpected bytes before the checksum", r.len - r.pos);

  // ---- commit (allocate first, so that a failed allocation leaves the network intact)
  Buf<float> nm1, nm2;
  Buf<uint32_t> nmask;
  if (nm >= 1) nm1.reserve_discard(n);
  if (nm >= 2) nm2.reserve_discard(n);
  if (has_mask) nmask.reserve_discard(n);
  std::memcpy(m->params.data(), params.data(), n * sizeof(float));
  m->init = init;
  m->seed = seed;
  m->opt_set = opt_set;
  m->opt = o;
  m->opt_t = opt_t;
  m->mom1.release();
  m->mom2.release();
  if (nm >= 1) {
    std::memcpy(nm1.data(), mom1.data(), n * sizeof(float));
    nm1.swap(m->mom1);
  }
  if (nm >= 2) {
    std::memcpy(nm2.data(), mom2.data(), n * sizeof(float));
    nm2.swap(m->mom2);
  }
  m->sched = s;
  m->step = step;
  m->epoch = epoch;
  m->rng = rng;
  size_t off = 0;
  for (Layer& L : m->layers)
    if (L.bn) {
      std::memcpy(L.run_mean.data(), bn.data() + off, size_t(L.out) * sizeof(float));
      std::memcpy(L.run_var.data(), bn.data() + off + L.out, size_t(L.out) * sizeof(float));
      off += 2 * size_t(L.out);
    }
  m->has_mask = has_mask;
  m->pmask.release();
  if (has_mask) {
    for (size_t i = 0; i < n; ++i) nmask[i] = keep[i] ? ~0u : 0u;
    nmask.swap(m->pmask);
  }
}

void apply_mask(ams_mlp* m) {
  if (!m->has_mask) return;
  const size_t n = size_t(m->n_params);
  const uint32_t* mk = m->pmask.data();
  for (float* a : {m->params.data(), m->mom1.data(), m->mom2.data()}) {
    if (!a) continue;
    for (size_t i = 0; i < n; ++i)
      if (!mk[i]) a[i] = 0.f;
  }
}

void prune(ams_mlp* m, int32_t mode, float sparsity) {
  const size_t n = size_t(m->n_params);
  if (!m->has_mask) {
    m->pmask.reserve_discard(n);
    std::fill(m->pmask.data(), m->pmask.data() + n, ~0u);
    m->has_mask = true;
  }
  uint32_t* mk = m->pmask.data();
  const float* P = m->params.data();
  if (mode == AMS_PRUNE_WEIGHTS) {
    for (const Layer& L : m->layers) {
      const int64_t cnt = int64_t(L.in) * L.out;
      const int64_t k = prune_count(sparsity, cnt);
      int64_t have = 0;
      std::vector<double> key(static_cast<size_t>(cnt));
      for (int64_t i = 0; i < cnt; ++i) {
        const bool pruned = mk[L.w_off + i] == 0;
        have += pruned;
        key[size_t(i)] = pruned ? -1.0 : magnitude(P[L.w_off + i]);
      }
      if (k <= have) continue;
      for (int64_t i : smallest(key, k)) mk[L.w_off + i] = 0u;
    }
  } else {
    for (int32_t l = 0; l + 1 < m->n_layers; ++l) {
      const Layer& L = m->layers[l];
      const Layer& next = m->layers[l + 1];
      const int64_t k = prune_count(sparsity, L.out);
      int64_t have = 0;
      std::vector<double> key(static_cast<size_t>(L.out));
      for (int32_t j = 0; j < L.out; ++j) {
        const bool pruned = mk[L.b_off + j] == 0;  // a neuron is pruned iff its bias is
        have += pruned;
        double s = 0.0;
        for (int32_t i = 0; i < L.in; ++i) {
          const double w = P[L.w_off + int64_t(i) * L.out + j];
          s += w * w;
        }
        key[size_t(j)] = pruned ? -1.0 : (std::isnan(s) ? HUGE_VAL : std::sqrt(s));
      }
      if (k <= have) continue;
      for (int64_t j : smallest(key, k)) {
        for (int32_t i = 0; i < L.in; ++i) mk[L.w_off + int64_t(i) * L.out + j] = 0u;  // incoming
        mk[L.b_off + j] = 0u;
        if (L.bn) {
          mk[L.g_off + j] = 0u;
          mk[L.be_off + j] = 0u;
        }
        for (int32_t o = 0; o < next.out; ++o) mk[next.w_off + j * next.out + o] = 0u;  // outgoing
      }
    }
  }
  if (std::find(mk, mk + n, 0u) == mk + n) {  // nothing pruned (yet): no mask
    m->pmask.release();
    m->has_mask = false;
    return;
  }
  apply_mask(m);
}

}  // namespace ams
