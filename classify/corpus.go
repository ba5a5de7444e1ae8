package classify

import "slices"

// corpus is a list of labelled reports read for training, each cut into
// its features once. The category model and the weighing model are
// trained on one corpus and share its index, the words and pairs of every
// report: most of both models' memory, and most of the time training
// takes.
type corpus struct {
	index    map[string]int32 // every feature seen, by number, in the order first seen
	rows     [][]int32        // each report's distinct features, ascending
	examples []Example
	keys     featureIndex // index by featureKey, what the trained models keep
}

// featureIndex is the index as the trained models keep it: each feature's
// row by featureKey of its bytes, not by the bytes themselves. The
// features' strings and the map's room for them were half of both
// models' memory (17.5 of 34.4 MiB with round 11's training sets; 9 MiB
// by key). Two features of the training sets never share a key
// (newCorpus panics, and every test trains); a feature unseen in
// training could share one with a feature seen, once in some 10^14
// lookups.
type featureIndex map[uint64]int32

// featureKey is the 64-bit FNV-1a hash of a feature's bytes: the same in
// every process, so that a model is the same wherever it is trained.
func featureKey(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// newCorpus reads examples' features.
func newCorpus(examples []Example) *corpus {
	c := &corpus{index: map[string]int32{}, keys: featureIndex{}, rows: make([][]int32, len(examples)), examples: examples}
	var r []int32
	for i, ex := range examples {
		r = r[:0]
		eachFeature(tokenize(normalize(ex.Text)), func(b []byte) {
			row, ok := c.index[string(b)]
			if !ok {
				row = int32(len(c.index))
				c.index[string(b)] = row
				k := featureKey(b)
				if _, dup := c.keys[k]; dup {
					panic("classify: two features share a key: " + string(b))
				}
				c.keys[k] = row
			}
			r = append(r, row)
		})
		slices.Sort(r)
		c.rows[i] = slices.Clone(slices.Compact(r))
	}
	return c
}

// knownRows are the distinct rows in index of the features of a report's
// tokens, in ascending order; features index lacks are ignored. Both
// models read a report through it.
func knownRows(index featureIndex, tokens []string) []int32 {
	rows := make([]int32, 0, 2*len(tokens))
	eachFeature(tokens, func(b []byte) {
		if row, ok := index[featureKey(b)]; ok {
			rows = append(rows, row)
		}
	})
	slices.Sort(rows)
	return slices.Compact(rows)
}
