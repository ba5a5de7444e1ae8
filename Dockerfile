# incidentbot container image.
#
#   docker build --build-arg VERSION=v1.4.0 -t incidentbot .
#   docker run --env-file .env -p 3000:3000 incidentbot
#
# Orchestrators should probe GET /healthz (liveness: the process runs) and
# GET /readyz (readiness: Redis answers) on port 3000. There is no
# HEALTHCHECK here: the runtime image has no shell or curl to run one.

# go.mod asks for Go 1.26, which every golang:1.26 image has.
FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, in their own layer: rebuilt only when go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The release `incidentbot --version` prints; unset, Go's build information.
ARG VERSION=""
# Static binary: no libc needed at run time. Time zones are embedded by
# the time/tzdata import in cmd/incidentbot.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.buildVersion=${VERSION}" -o /out/incidentbot ./cmd/incidentbot

# distroless static: CA certificates, /etc/passwd with nonroot (65532), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/incidentbot /incidentbot
# A reference copy; the binary embeds the same file as its fallback configuration.
COPY incidentbot.example.yaml /incidentbot.example.yaml
USER nonroot:nonroot
EXPOSE 3000
ENTRYPOINT ["/incidentbot"]
