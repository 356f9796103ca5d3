# sgcheck in a small Debian image: `docker run --rm -v "$PWD:/src" IMAGE .`
# scans the mounted repository (the working directory is /src).
FROM debian:12-slim AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends gcc libc6-dev make pkg-config libyaml-dev libpcre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /sgcheck
COPY Makefile ./
COPY checker checker
COPY rules rules
COPY tools tools
COPY docs docs
ARG SG_COMMIT=unknown
RUN make -j"$(nproc)" all SG_COMMIT="$SG_COMMIT" && make install PREFIX=/usr/local DESTDIR=/out

FROM debian:12-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libyaml-0-2 libpcre2-8-0 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/usr/local /usr/local
# run it as yourself (--user "$(id -u):$(id -g)") to write reports into /src
WORKDIR /src
ENTRYPOINT ["sgcheck"]
CMD ["--help"]
