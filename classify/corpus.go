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
}

// newCorpus reads examples' features.
func newCorpus(examples []Example) *corpus {
	c := &corpus{index: map[string]int32{}, rows: make([][]int32, len(examples)), examples: examples}
	var r []int32
	for i, ex := range examples {
		r = r[:0]
		eachFeature(tokenize(normalize(ex.Text)), func(b []byte) {
			row, ok := c.index[string(b)]
			if !ok {
				row = int32(len(c.index))
				c.index[string(b)] = row
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
func knownRows(index map[string]int32, tokens []string) []int32 {
	rows := make([]int32, 0, 2*len(tokens))
	eachFeature(tokens, func(b []byte) {
		if row, ok := index[string(b)]; ok {
			rows = append(rows, row)
		}
	})
	slices.Sort(rows)
	return slices.Compact(rows)
}
