# newsbot's container image: a static binary on a distroless base, run as a
# non-root user, with the store and the index in the /data volume.
#
#   docker build -t newsbot .
#   docker run --rm -e DISCORD_TOKEN=... -v newsbot-data:/data newsbot
#
# deploy/compose.yaml runs it with a .env file; see the README's "Run it in
# production".

# The build: the SQLite driver is pure Go, so the binary needs no C library.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/newsbot ./cmd/newsbot
# The data directory, owned by the user the image runs as, so that a new
# named volume starts with that owner.
RUN mkdir -p /out/data && chown 65532:65532 /out/data

# The image: CA certificates and time zones (digest schedules), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsbot /usr/local/bin/newsbot
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV NEWSBOT_DATA_DIR=/data \
    NEWSBOT_HTTP_ADDR=:9090
VOLUME ["/data"]
# /healthz, /readyz and /metrics; reachable only where the port is published.
EXPOSE 9090
ENTRYPOINT ["/usr/local/bin/newsbot"]
CMD ["run"]
