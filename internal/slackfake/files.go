package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// file is one upload of Slack's three-step flow: files.getUploadURLExternal
// announces it, a POST to its upload URL brings the bytes, and
// files.completeUploadExternal shares it.
type file struct {
	name     string
	length   int
	data     []byte
	uploaded bool
}

// Uploads returns the bytes received for each file id so far.
func (s *Server) Uploads() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for id, f := range s.files {
		if f.uploaded {
			out[id] = append([]byte(nil), f.data...)
		}
	}
	return out
}

// startUpload answers files.getUploadURLExternal; s.mu is held.
func (s *Server) startUpload(c Call) map[string]any {
	length, err := strconv.Atoi(c.Param("length"))
	if c.Param("filename") == "" || err != nil || length <= 0 {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	id := fmt.Sprintf("F%04d", s.seq)
	s.files[id] = &file{name: c.Param("filename"), length: length}
	return map[string]any{"ok": true, "upload_url": s.srv.URL + "/upload/" + id, "file_id": id}
}

// completeUpload answers files.completeUploadExternal; s.mu is held.
func (s *Server) completeUpload(c Call) map[string]any {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Param("files")), &files); err != nil || len(files) == 0 {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	var out []map[string]any
	for _, f := range files {
		up, ok := s.files[f.ID]
		if !ok || !up.uploaded {
			// A bot that skips or botches the upload has a bug worth a red test.
			s.t.Errorf("slackfake: files.completeUploadExternal of %s, which was never uploaded", f.ID)
			return map[string]any{"ok": false, "error": "file_not_found"}
		}
		if len(up.data) != up.length {
			s.t.Errorf("slackfake: file %s announced %d bytes, %d uploaded", f.ID, up.length, len(up.data))
		}
		title := f.Title
		if title == "" {
			title = up.name
		}
		out = append(out, map[string]any{"id": f.ID, "name": up.name, "title": title, "size": len(up.data)})
	}
	return map[string]any{"ok": true, "files": out}
}

// serveUpload takes a file's bytes at its upload URL. slack-go posts them
// as the "file" part of a multipart form; a raw body is taken as it is.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	body, _ := io.ReadAll(r.Body)
	s.record(Call{Method: "upload", At: time.Now(), Body: body, Form: url.Values{"file_id": {id}}})
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		s.t.Errorf("slackfake: upload of %s without a token", id)
	}
	if f := s.nextFailure("upload"); f != nil && f.status != http.StatusOK {
		if f.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", fmt.Sprint(f.retryAfter))
		}
		w.WriteHeader(f.status)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	data, err := uploadedBytes(r.Header.Get("Content-Type"), body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	f, ok := s.files[id]
	if ok {
		f.data, f.uploaded = data, true
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

// uploadedBytes is the file in an upload body: the "file" part of a
// multipart form, or the whole body otherwise.
func uploadedBytes(contentType string, body []byte) ([]byte, error) {
	mediaType, params, _ := mime.ParseMediaType(contentType)
	if mediaType != "multipart/form-data" {
		return body, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, fmt.Errorf("multipart: no file part")
		}
		if err != nil {
			return nil, fmt.Errorf("multipart: %w", err)
		}
		if part.FormName() == "file" {
			return io.ReadAll(part)
		}
	}
}
