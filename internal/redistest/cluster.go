package redistest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// ClusterEnv, set to "1", makes Shared give every test of the process the
// same three-master Redis Cluster, emptied for each, instead of a server
// of its own: the end-to-end suite run once more on a real cluster.
const ClusterEnv = "INCIDENTBOT_TEST_CLUSTER"

// Cluster is a Redis Cluster of three masters on loopback.
type Cluster struct {
	nodes []*Server
}

var shared struct {
	once sync.Once
	c    *Cluster
	err  error
}

// Shared returns a server of the test's own, or, when ClusterEnv is set,
// the process's shared cluster, emptied; StopShared stops that one.
func Shared(t testing.TB) *Server {
	t.Helper()
	if os.Getenv(ClusterEnv) != "1" {
		return Start(t)
	}
	shared.once.Do(func() { shared.c, shared.err = startCluster(3) })
	if shared.err != nil {
		t.Fatalf("redistest: cluster: %v", shared.err)
	}
	c := shared.c
	ctx := context.Background()
	for _, n := range c.nodes {
		cl := redis.NewClient(&redis.Options{Addr: n.Addr()})
		err := cl.FlushAll(ctx).Err()
		_ = cl.Close()
		if err != nil {
			t.Fatalf("redistest: cluster: flush %s: %v", n.Addr(), err)
		}
	}
	return &Server{cluster: c}
}

// StopShared stops the shared cluster, if one was started; TestMain calls
// it.
func StopShared() {
	if shared.c != nil {
		for _, n := range shared.c.nodes {
			n.kill()
		}
	}
}

// startCluster starts n masters and joins them with redis-cli --cluster
// create, waiting until every node sees the cluster as ok.
func startCluster(n int) (*Cluster, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	var addrs []string
	for range n {
		dir, err := os.MkdirTemp("", "redistest-cluster")
		if err != nil {
			return nil, err
		}
		s := &Server{bin: bin, dir: dir, args: []string{"--cluster-enabled", "yes", "--cluster-node-timeout", "5000"}}
		for try := 0; ; try++ {
			if s.port, err = freePort(); err != nil {
				return nil, err
			}
			if err = s.launch(); err == nil {
				break
			}
			if try == 2 {
				return nil, err
			}
		}
		c.nodes = append(c.nodes, s)
		addrs = append(addrs, s.Addr())
	}
	out, err := exec.Command("redis-cli", append(append([]string{"--cluster", "create"}, addrs...), "--cluster-replicas", "0", "--cluster-yes")...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, node := range c.nodes {
		cl := redis.NewClient(&redis.Options{Addr: node.Addr()})
		for {
			info, err := cl.ClusterInfo(context.Background()).Result()
			if err == nil && strings.Contains(info, "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				_ = cl.Close()
				return nil, fmt.Errorf("cluster not ok on %s: %v %s", node.Addr(), err, info)
			}
			time.Sleep(20 * time.Millisecond) // poll interval
		}
		_ = cl.Close()
	}
	return c, nil
}

// clusterURL is the redis+cluster:// URL of the cluster's nodes.
func (c *Cluster) url() string {
	u := "redis+cluster://" + c.nodes[0].Addr()
	for i, n := range c.nodes[1:] {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		u += sep + "addr=" + n.Addr()
	}
	return u
}

func (c *Cluster) client() redis.UniversalClient {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.Addr()
	}
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
}
