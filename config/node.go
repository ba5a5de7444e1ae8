package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parser walks a yaml.Node tree by hand rather than decoding into structs:
// yaml.v3 stops at the first type error and its KnownFields does not reach
// custom unmarshalers, while an operator needs every problem at once, each
// with its line.
type parser struct {
	file     string
	problems []Problem
	warnings []string
}

// field is one key of a mapping and its value; val is nil when the key is absent.
type field struct {
	key, val *yaml.Node
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: n.Line, Reason: fmt.Sprintf(format, args...)})
}

func (p *parser) warnf(n *yaml.Node, format string, args ...any) {
	w := Problem{File: p.file, Line: n.Line, Reason: fmt.Sprintf(format, args...)}
	p.warnings = append(p.warnings, w.String())
}

// err returns every problem in line order, or nil.
func (p *parser) err() error {
	if len(p.problems) == 0 {
		return nil
	}
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	return &Errors{Problems: p.problems}
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// parserProblems are the messages of yaml.v3's parser, which numbers lines
// from 0 where its scanner numbers them from 1.
var parserProblems = []string{
	"did not find expected ',' or", "did not find expected '-' indicator",
	"did not find expected <", "did not find expected key", "did not find expected node content",
	"found duplicate %", "found incompatible YAML document", "found undefined tag handle",
}

const emptyFile = "the file is empty; it needs at least a units list"

// document decodes data and returns its root node, or nil after recording
// why there is none.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.problems = append(p.problems, Problem{File: p.file, Line: 1, Reason: emptyFile})
		} else {
			p.syntax(err, data)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.syntax(err, data)
		return nil
	case !isNull(content(&next)):
		p.errorf(&next, "a second YAML document starts here; the file must hold only one")
		return nil
	}
	root := deref(content(&doc))
	if isNull(root) {
		p.problems = append(p.problems, Problem{File: p.file, Line: 1, Reason: emptyFile})
		return nil
	}
	return root
}

// syntax records a YAML syntax error at its line.
func (p *parser) syntax(err error, data []byte) {
	msg := err.Error()
	line := 1 // yaml.v3 leaves the line out when it is the first one
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if slices.ContainsFunc(parserProblems, func(s string) bool { return strings.HasPrefix(msg, s) }) {
			line++
		}
	} else if m := yamlAnchor.FindStringSubmatch(msg); m != nil {
		// The composer reports no line at all; the alias is easy to find.
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = bytes.Count(data[:i], []byte("\n")) + 1
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	// The two messages an operator is most likely to meet are cryptic.
	switch {
	case strings.Contains(msg, "expected alphabetic or numeric character"):
		msg += ` (a bare * starts an alias: write "*" in quotes)`
	case strings.Contains(msg, "cannot start any token"):
		msg += " (indent with spaces, not tabs; quote values that start with @ or `)"
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Reason: "YAML syntax: " + msg})
}

// content is a document's root node, nil when it has none.
func content(doc *yaml.Node) *yaml.Node {
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node's shape for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "something else"
}

// mapping checks that n is a mapping holding only allowed keys, each once,
// and returns its fields by key.
func (p *parser) mapping(n *yaml.Node, what string, allowed []string) (map[string]field, bool) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping with the keys %s, not %s", what, strings.Join(allowed, ", "), describe(n))
		return nil, false
	}
	fields := make(map[string]field)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		switch prev, seen := fields[k.Value]; {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "%s has a key that is %s; keys are plain names", what, describe(k))
		case k.ShortTag() == "!!merge":
			p.errorf(k, "merge keys (<<) are not supported; write the keys out")
		case !slices.Contains(allowed, k.Value):
			p.errorf(k, "unknown key %q in %s; allowed keys: %s", k.Value, what, strings.Join(allowed, ", "))
		case seen:
			p.errorf(k, "key %q repeated in %s (first at line %d)", k.Value, what, prev.key.Line)
		default:
			fields[k.Value] = field{key: k, val: n.Content[i+1]}
		}
	}
	return fields, true
}

// scalar returns a single value as text: "" when absent or null.
func (p *parser) scalar(f field) (string, bool) {
	if isNull(f.val) {
		return "", true
	}
	v := deref(f.val)
	if v.Kind != yaml.ScalarNode {
		p.errorf(v, "%s must be a single value, not %s", f.key.Value, describe(v))
		return "", false
	}
	return v.Value, true
}

// list returns a list's items: none when absent or null.
func (p *parser) list(f field, example string) ([]*yaml.Node, bool) {
	if isNull(f.val) {
		return nil, true
	}
	v := deref(f.val)
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s must be a list such as %s, not %s", f.key.Value, example, describe(v))
		return nil, false
	}
	items := make([]*yaml.Node, len(v.Content))
	for i, it := range v.Content {
		items[i] = deref(it)
	}
	return items, true
}

var (
	userID    = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	channelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,20}$`)
)

// users returns a list of Slack user ids, reporting each one that is
// malformed or repeated.
func (p *parser) users(f field) []string {
	items, _ := p.list(f, "[U0EXAMPLE1, U0EXAMPLE2]")
	var ids []string
	first := make(map[string]int)
	for _, it := range items {
		switch line, dup := first[it.Value]; {
		case it.Kind != yaml.ScalarNode:
			p.errorf(it, "%s: each entry must be a Slack user id, not %s", f.key.Value, describe(it))
		case strings.HasPrefix(it.Value, "@"):
			p.errorf(it, "%s: %q is a name; use the member id from the person's Slack profile (⋮ → Copy member ID)", f.key.Value, it.Value)
		case !userID.MatchString(it.Value):
			p.errorf(it, "%s: %q is not a Slack user id (U or W, then capital letters and digits)", f.key.Value, it.Value)
		case dup:
			p.errorf(it, "%s: %s is listed twice (first at line %d)", f.key.Value, it.Value, line)
		default:
			first[it.Value] = it.Line
			ids = append(ids, it.Value)
		}
	}
	return ids
}

// channel returns an optional Slack channel id.
func (p *parser) channel(f field) string {
	c, ok := p.scalar(f)
	switch {
	case !ok || c == "":
		return ""
	case strings.HasPrefix(c, "#"):
		p.errorf(f.val, "channel: %q is a name; use the channel id from the bottom of the channel's details", c)
	case !channelID.MatchString(c):
		p.errorf(f.val, "channel: %q is not a Slack channel id (C or G, then capital letters and digits)", c)
	}
	return c
}
