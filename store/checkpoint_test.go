package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestCheckpointsLeaveTheWriter checks that commits never run a checkpoint (the
// writer's automatic checkpoint is off) and that Checkpoint copies the WAL into the
// database file.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ckpt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.stopCheckpoints() // this test checkpoints by itself
	var auto int
	if err := db.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("writer's wal_autocheckpoint = %d; want 0", auto)
	}
	for i := range 50 {
		if err := db.RecordSent(ctx, fmt.Sprintf("k%d", i), "C1", "1.000001"); err != nil {
			t.Fatal(err)
		}
	}
	frames, done, err := db.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if frames == 0 || done != frames {
		t.Fatalf("checkpoint: %d of %d frames copied; want all of at least one", done, frames)
	}
	db.Close()
	db.Close() // a second Close stops nothing twice
}
