/**
 * Minimum-cost flow by the primal–dual method: Dijkstra on reduced costs (Johnson potentials) finds the
 * cheapest distance to every node, then a blocking flow (Dinic) pushes as much as fits along arcs of zero
 * reduced cost before the next Dijkstra. One unit at a time (plain successive shortest paths) needed a
 * Dijkstra per reviewer slot, too slow for a thousand cases; the number of phases here is the number of
 * distinct path costs, which our small integer costs keep low.
 *
 * Pure and deterministic: arcs are tried in the order they were added, so the same input gives the same flow.
 * Costs must be non-negative integers (the first potentials are then all zero) and capacities integers.
 */
export class MinCostFlow {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly next: number[] = [];

  constructor(readonly nodes: number) {
    this.head = new Array(nodes).fill(-1);
  }

  /** Adds an arc and returns its id; `flowOn(id)` reads what went through it. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`capacity must be a non-negative integer: ${capacity}`);
    if (!Number.isInteger(cost) || cost < 0) throw new Error(`cost must be a non-negative integer: ${cost}`);
    const id = this.to.length;
    // Forward arcs have even ids, their residual twins the odd id after them.
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return id;
  }

  private push(from: number, to: number, capacity: number, cost: number) {
    this.to.push(to);
    this.cap.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[from]);
    this.head[from] = this.to.length - 1;
  }

  flowOn(arc: number): number {
    return this.cap[arc ^ 1];
  }

  /** Nodes reachable from s over arcs with residual capacity: after a maximum flow, the source side of a minimum cut. */
  reachableFrom(s: number): boolean[] {
    const seen = new Array<boolean>(this.nodes).fill(false);
    seen[s] = true;
    const stack = [s];
    while (stack.length) {
      const v = stack.pop()!;
      for (let e = this.head[v]; e !== -1; e = this.next[e]) {
        const w = this.to[e];
        if (this.cap[e] > 0 && !seen[w]) {
          seen[w] = true;
          stack.push(w);
        }
      }
    }
    return seen;
  }

  /** Sends up to `limit` units from s to t at least cost; returns what was sent and its cost. */
  run(s: number, t: number, limit = Infinity): { flow: number; cost: number } {
    const n = this.nodes;
    const m = this.to.length;
    // Typed arrays and a flat adjacency (arcs of a node in insertion order): the same answer, several times faster.
    const to = Int32Array.from(this.to);
    const cap = Float64Array.from(this.cap);
    const cost = Float64Array.from(this.cost);
    const start = new Int32Array(n + 1);
    const from = new Int32Array(m);
    for (let v = 0; v < n; v++) for (let e = this.head[v]; e !== -1; e = this.next[e]) from[e] = v;
    for (let e = 0; e < m; e++) start[from[e] + 1]++;
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const adj = new Int32Array(m);
    const fill = start.slice(0, n);
    for (let e = 0; e < m; e++) adj[fill[from[e]]++] = e;

    const potential = new Float64Array(n);
    const dist = new Float64Array(n);
    const level = new Int32Array(n);
    const current = new Int32Array(n);
    const queue = new Int32Array(n);
    const pathArcs = new Int32Array(n);
    let flow = 0;
    let total = 0;
    const heap = new BinaryHeap();
    const reduced = (e: number, v: number) => cost[e] + potential[v] - potential[to[e]];
    while (flow < limit) {
      dist.fill(Infinity);
      dist[s] = 0;
      heap.clear();
      heap.push(0, s);
      while (heap.size > 0) {
        const d = heap.topKey();
        const v = heap.pop();
        if (d > dist[v]) continue;
        // Every node not settled yet is at least as far as t: its potential moves by dist(t) either way.
        if (v === t) break;
        for (let k = start[v], end = start[v + 1]; k < end; k++) {
          const e = adj[k];
          if (cap[e] <= 0) continue;
          const w = to[e];
          const nd = d + reduced(e, v);
          if (nd < dist[w]) {
            dist[w] = nd;
            heap.push(nd, w);
          }
        }
      }
      if (dist[t] === Infinity) break;
      const dt = dist[t];
      for (let v = 0; v < n; v++) potential[v] += Math.min(dist[v], dt);

      // Blocking flows on the arcs of zero reduced cost until none is left from s to t.
      for (;;) {
        level.fill(-1);
        level[s] = 0;
        let qh = 0;
        let qt = 0;
        queue[qt++] = s;
        while (qh < qt) {
          const v = queue[qh++];
          for (let k = start[v], end = start[v + 1]; k < end; k++) {
            const e = adj[k];
            const w = to[e];
            if (cap[e] > 0 && level[w] < 0 && reduced(e, v) === 0) {
              level[w] = level[v] + 1;
              queue[qt++] = w;
            }
          }
        }
        if (level[t] < 0) break;
        current.set(start.subarray(0, n));
        let pushedAny = false;
        // Augmenting paths in the level graph, found iteratively (a long path cannot overflow the stack).
        for (;;) {
          let depth = 0;
          let v = s;
          let pushed = 0;
          for (;;) {
            if (v === t) {
              let f = limit - flow;
              for (let i = 0; i < depth; i++) f = Math.min(f, cap[pathArcs[i]]);
              for (let i = 0; i < depth; i++) {
                cap[pathArcs[i]] -= f;
                cap[pathArcs[i] ^ 1] += f;
              }
              pushed = f;
              break;
            }
            let advanced = false;
            for (const end = start[v + 1]; current[v] < end; current[v]++) {
              const e = adj[current[v]];
              const w = to[e];
              if (cap[e] > 0 && level[w] === level[v] + 1 && reduced(e, v) === 0) {
                pathArcs[depth++] = e;
                v = w;
                advanced = true;
                break;
              }
            }
            if (advanced) continue;
            // Dead end: never try this node again in this phase, and step back.
            level[v] = -1;
            if (depth === 0) break;
            const back = pathArcs[--depth];
            v = to[back ^ 1];
            current[v]++;
          }
          if (pushed === 0) break;
          pushedAny = true;
          flow += pushed;
          total += pushed * (potential[t] - potential[s]);
          if (flow >= limit) break;
        }
        if (!pushedAny || flow >= limit) break;
      }
    }
    for (let e = 0; e < m; e++) this.cap[e] = cap[e];
    return { flow, cost: total };
  }
}

/** A small binary min-heap of (key, value) pairs; ties by value, so pops are deterministic. */
class BinaryHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size() {
    return this.keys.length;
  }
  clear() {
    this.keys.length = 0;
    this.vals.length = 0;
  }
  private less(i: number, j: number) {
    return this.keys[i] < this.keys[j] || (this.keys[i] === this.keys[j] && this.vals[i] < this.vals[j]);
  }
  private swap(i: number, j: number) {
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
    [this.vals[i], this.vals[j]] = [this.vals[j], this.vals[i]];
  }
  push(key: number, val: number) {
    this.keys.push(key);
    this.vals.push(val);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  topKey(): number {
    return this.keys[0];
  }
  pop(): number {
    const top = this.vals[0];
    const lk = this.keys.pop()!;
    const lv = this.vals.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lk;
      this.vals[0] = lv;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
