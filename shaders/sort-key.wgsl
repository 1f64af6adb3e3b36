// Sort keys for nearestNeighbors, shared by its kernels (the host appends
// this file to each). A score x, larger is better (a similarity, or -d²
// for euclidean), becomes a u32 whose unsigned order is the ranking: numbers
// by value (-0 equal to 0, -inf below every finite number), then NaN below
// every number, then the padding of a partial chunk below everything. The
// passes compare these integers, never floats, so the order holds whatever
// an implementation does with NaN and infinities in float comparisons.

const KEY_PADDING: u32 = 0u;
const KEY_NAN: u32 = 1u;

fn sortKey(x: f32) -> u32 {
  var bits = bitcast<u32>(x);
  if ((bits & 0x7fffffffu) > 0x7f800000u) { return KEY_NAN; }
  if (bits == 0x80000000u) { bits = 0u; }
  // Negative numbers: all bits flipped (more negative, smaller); others: the sign bit set.
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

// The bits of the score a key stands for: the similarity, or for euclidean
// (`distance`) the distance sqrt(-x). NaN stays NaN, -inf becomes +inf.
fn scoreBits(key: u32, distance: bool) -> u32 {
  if (key == KEY_NAN) { return 0x7fc00000u; }
  let bits = select(~key, key & 0x7fffffffu, (key & 0x80000000u) != 0u);
  if (!distance) { return bits; }
  if (bits == 0xff800000u) { return 0x7f800000u; }
  return bitcast<u32>(sqrt(max(-bitcast<f32>(bits), 0.0)));
}
