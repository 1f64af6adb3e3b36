// What the four optimizer step kernels (sgd, adam, adagrad, rmsprop.wgsl)
// share, prepended to each by the host (src/optimizers/step-params.ts): not
// a kernel of its own. Each kernel declares `params` with `dim`, `rowStart`
// and `shardRows`, and `rowIds`; WGSL resolves module-scope names in any
// order.
// ROWS = false: invocation i updates element i of the shard (dense gradient).
// ROWS = true (lazy rows): invocation i updates column i % D of weight row
// rowIds[i / D], or nothing when that row lies outside this shard.

override WG: u32 = 256;
override ROWS: bool = false;
const NONE: u32 = 0xffffffffu;

// The weight element invocation i updates (NONE: none here).
fn element(i: u32) -> u32 {
  if (!ROWS) { return i; }
  let k = i / params.dim;
  let row = u32(rowIds[k]) - params.rowStart;
  if (row >= params.shardRows) { return NONE; }
  return row * params.dim + (i - k * params.dim);
}
