// nearestNeighbors, pass 1: the similarity of a batch of queries to every
// table row, as a sort key where larger is better (sortKey of sort-key.wgsl,
// which the host appends to this file): cosine similarity, dot
// product, or the negated squared euclidean distance (ordering by d² avoids
// rounding two different distances to one; the last pass takes the root).
// NaN and infinities in the inputs give NaN and infinite scores, ranked by
// the key. One invocation per (query, row) pair.

struct Params {
  total: u32,       // pairs in this dispatch = batchQueries * shardRows
  rows: u32,        // table rows V
  dim: u32,         // vector length D
  metric: u32,      // 0 cosine, 1 dot, 2 euclidean
  firstQuery: u32,  // row of `queries` where this batch starts
  rowStart: u32,    // first table row held by this dispatch's buffer (a split table: one dispatch per buffer)
  shardRows: u32,   // rows it holds
}

@group(0) @binding(0) var<storage, read> table: array<f32>;         // this buffer's rows: [shardRows, dim]
@group(0) @binding(1) var<storage, read> queries: array<f32>;       // [numQueries, dim]
@group(0) @binding(2) var<storage, read_write> keys: array<u32>;    // [batchQueries, rows] sort keys (sort-key.wgsl)
@group(0) @binding(3) var<uniform> params: Params;                  // shapes and metric

override WG: u32 = 256;

const METRIC_COSINE: u32 = 0u;
const METRIC_DOT: u32 = 1u;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let q = i / params.shardRows;
  let local = i - q * params.shardRows;
  let qBase = (params.firstQuery + q) * params.dim;
  let tBase = local * params.dim;

  // One loop per metric, each accumulating only what its score needs.
  var key = 0.0;
  if (params.metric == METRIC_DOT) {
    for (var c = 0u; c < params.dim; c++) { key = fma(queries[qBase + c], table[tBase + c], key); }
  } else if (params.metric == METRIC_COSINE) {
    var dotQT = 0.0;
    var normQ = 0.0;
    var normT = 0.0;
    for (var c = 0u; c < params.dim; c++) {
      let x = queries[qBase + c];
      let t = table[tBase + c];
      dotQT = fma(x, t, dotQT);
      normQ = fma(x, x, normQ);
      normT = fma(t, t, normT);
    }
    // A zero vector has no direction: its cosine with anything is defined as 0.
    key = select(dotQT / (sqrt(normQ) * sqrt(normT)), 0.0, normQ == 0.0 || normT == 0.0);
  } else {
    for (var c = 0u; c < params.dim; c++) {
      let d = queries[qBase + c] - table[tBase + c];
      key = fma(d, d, key);
    }
    key = -key;
  }
  keys[q * params.rows + params.rowStart + local] = sortKey(key);
}
