# syntax=docker/dockerfile:1

# mockinterview: docker build -t mockinterview --build-arg VERSION=$(git describe --tags --always) .
# See docs/DEPLOYING.md. cmd/mockinterview/docker_test.go checks the facts of this file.

# --- build: Go with cgo (github.com/mattn/go-sqlite3 compiles SQLite from C) -------
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
ARG VERSION=dev
ENV CGO_ENABLED=1
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/mockinterview ./cmd/mockinterview

# --- runtime: the same Debian release as the builder, so glibc matches ------------
FROM debian:bookworm-slim
# CA certificates: Slack's and the LLM's APIs are HTTPS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A non-root user that owns /data. The directory is created and chowned before
# VOLUME, so a new named volume starts out owned by that user.
RUN groupadd --system --gid 10001 mockinterview \
 && useradd --system --uid 10001 --gid mockinterview --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin mockinterview \
 && mkdir -p /data \
 && chown mockinterview:mockinterview /data \
 && chmod 0750 /data
COPY --from=build /out/mockinterview /usr/local/bin/mockinterview
ENV DATABASE_PATH=/data/mockinterview.db \
    LISTEN_ADDR=:3000
VOLUME /data
WORKDIR /data
EXPOSE 3000
# Numeric, so that Kubernetes' runAsNonRoot can verify it: 10001 is mockinterview.
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["/usr/local/bin/mockinterview", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/mockinterview"]
CMD ["serve"]
