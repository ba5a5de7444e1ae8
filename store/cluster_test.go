package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/internal/redistest"
)

// TestCluster runs the core checks on a one-node Redis Cluster through a
// cluster client. One node owns every slot, yet Redis still refuses a
// script or transaction whose keys span slots, so this catches a key
// without its hash tag. A cluster node takes two seconds to accept writes,
// so the checks share one, each in a namespace of its own.
//
// With INCIDENTBOT_TEST_CLUSTER=1 the checks run on the three-master
// cluster the end-to-end tests use, where keys of different tags land on
// different nodes.
func TestCluster(t *testing.T) {
	t.Parallel()
	var rdb redis.UniversalClient
	if os.Getenv(redistest.ClusterEnv) == "1" {
		rdb = redistest.Shared(t).Client(t)
	} else {
		rdb = startCluster(t)
	}
	for _, tc := range coreTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := New(rdb, Options{Namespace: "ib-" + tc.name})
			tc.run(t, env{s: s, rdb: rdb, waitExpired: pollExpired(rdb)})
		})
	}
}

func startCluster(t *testing.T) *redis.ClusterClient {
	t.Helper()
	srv := startClusterNode(t)
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{srv.Addr()}})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// startClusterNode starts a one-node Redis Cluster that owns every slot.
func startClusterNode(t *testing.T) *redistest.Server {
	t.Helper()
	ctx := context.Background()
	srv := redistest.Start(t, "--cluster-enabled", "yes")
	node := srv.Client(t)
	if err := node.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err := node.ClusterInfo(ctx).Result()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(info, "cluster_state:ok") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster not ok:\n%s", info)
		}
		time.Sleep(5 * time.Millisecond) // poll interval
	}
	return srv
}

func TestMain(m *testing.M) {
	code := m.Run()
	redistest.StopShared()
	os.Exit(code)
}
