// nearestNeighbors for large k (above what one top-k chunk keeps): each
// invocation counts the rows that beat its own row (higher key, or an equal
// key at a lower index). That count is the row's rank, unique per query, so
// a row ranked below k writes itself straight to its place in the answer.
// Keys are the u32 sort keys of sort-key.wgsl (appended to this file by the
// host). O(rows²) per query; the keys are staged through workgroup
// memory in tiles.

struct Params {
  rows: u32,        // candidates per query (table rows V)
  k: u32,           // answers per query
  groupsPerQuery: u32, // ceil(rows / WG)
  groups: u32,      // workgroups in all = batchQueries * groupsPerQuery
  euclidean: u32,   // 1: keys are -d²; the score is d
  firstQuery: u32,  // row of the answer where this batch starts
}

@group(0) @binding(0) var<storage, read> keys: array<u32>;             // [batchQueries, rows] sort keys, from pass 1
@group(0) @binding(1) var<storage, read_write> scores: array<u32>;     // [numQueries, k], the scores' float32 bits
@group(0) @binding(2) var<storage, read_write> indices: array<i32>;    // [numQueries, k]
@group(0) @binding(3) var<uniform> params: Params;                     // shapes and flags

override WG: u32; // rows per workgroup (set by the host)

var<workgroup> tile: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // One workgroup per (query, block of WG rows); the test is uniform, so the barriers stay uniform.
  let group = wid.x + wid.y * nwg.x;
  if (group >= params.groups) { return; }
  let q = group / params.groupsPerQuery;
  let v = (group - q * params.groupsPerQuery) * WG + lid;
  let valid = v < params.rows;
  let own = select(KEY_PADDING, keys[q * params.rows + min(v, params.rows - 1u)], valid);

  var rank = 0u;
  for (var start = 0u; start < params.rows; start += WG) {
    let u = start + lid;
    tile[lid] = select(KEY_PADDING, keys[q * params.rows + min(u, params.rows - 1u)], u < params.rows);
    workgroupBarrier();
    let n = min(WG, params.rows - start);
    for (var t = 0u; t < n; t++) {
      let other = tile[t];
      if (other > own || (other == own && start + t < v)) { rank++; }
    }
    workgroupBarrier();
  }
  if (!valid || rank >= params.k) { return; }
  let at = (params.firstQuery + q) * params.k + rank;
  scores[at] = scoreBits(own, params.euclidean == 1u);
  indices[at] = i32(v);
}
