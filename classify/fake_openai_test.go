package classify

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeOpenAI is an OpenAI-compatible server on loopback. respond answers
// the n-th request (from 0); every body is kept.
type fakeOpenAI struct {
	srv     *httptest.Server
	respond func(w http.ResponseWriter, r *http.Request, n int)

	mu      sync.Mutex
	bodies  [][]byte
	headers []http.Header
}

func newFake(t *testing.T, respond func(w http.ResponseWriter, r *http.Request, n int)) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{respond: respond}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		n := len(f.bodies)
		f.bodies = append(f.bodies, body)
		f.headers = append(f.headers, r.Header.Clone())
		f.mu.Unlock()
		f.respond(w, r, n)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOpenAI) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.bodies)
}

func (f *fakeOpenAI) body(t *testing.T, i int) map[string]any {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(f.bodies[i], &m); err != nil {
		t.Fatalf("request %d is not JSON: %v", i, err)
	}
	return m
}

func (f *fakeOpenAI) llm(timeout time.Duration) *LLM {
	return NewLLM(LLMConfig{APIKey: "test-key", BaseURL: f.srv.URL + "/v1", Model: "test-model", Timeout: timeout})
}

// answerWith writes a chat completion whose message is content.
func answerWith(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content}}},
	})
}

const goodAnswer = `{"category":"threat_violence","severity":"critical","regimes":["work_environment_serious","police_report"],"confidence":0.9,"rationale":"A client threatened staff with a knife."}`

func good(w http.ResponseWriter, _ *http.Request, _ int) { answerWith(w, goodAnswer) }
