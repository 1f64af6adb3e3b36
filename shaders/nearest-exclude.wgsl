// nearestNeighbors, between pass 1 and the selection: the rows a caller
// excluded get the padding key (sort-key.wgsl, appended by the host), below
// every real key, NaN's included. The host checked that k is at most the
// rows left for each query, so the selection never reaches an excluded row.
// One invocation per (query of the batch, excluded entry); duplicate entries
// write the same key twice, which is harmless.

struct Params {
  total: u32,       // invocations = batchQueries * perList
  perList: u32,     // excluded entries per list
  rows: u32,        // table rows V: the keys' row length
  firstQuery: u32,  // query where this batch starts
  perQuery: u32,    // 1: one list per query; 0: one list for every query
}

@group(0) @binding(0) var<storage, read> excluded: array<i32>;      // [lists, perList] table rows
@group(0) @binding(1) var<storage, read_write> keys: array<u32>;    // [batchQueries, rows] sort keys of pass 1
@group(0) @binding(2) var<uniform> params: Params;                  // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let q = i / params.perList;
  let list = select(0u, params.firstQuery + q, params.perQuery == 1u);
  let row = excluded[list * params.perList + i - q * params.perList];
  // The host checked every row; the guard keeps the write inside the keys whatever the buffer holds.
  if (row < 0 || u32(row) >= params.rows) { return; }
  keys[q * params.rows + u32(row)] = KEY_PADDING;
}
