# ackgate container image: docker build -t ackgate . (docs/deployment.md)
#
# Stage 1 builds the jar with the Maven wrapper on a JDK 25 image; stage 2 runs it on the JRE 25
# image, unpacked into Spring Boot's layers so that a code change rebuilds only the last layer.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when the pom or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline -DincludeScope=runtime
COPY src src
# Tests run in CI (./mvnw verify), not in the image build.
RUN ./mvnw -B -q -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar target/ackgate-*.jar extract --layers --application-filename app.jar \
      --destination /build/extracted

FROM eclipse-temurin:25-jre
LABEL org.opencontainers.image.title="ackgate" \
      org.opencontainers.image.description="Acknowledges every TCP message, tells the time over TCP and UDP"
# A fixed non-root UID/GID, so that Kubernetes can verify runAsNonRoot and the chart can name it.
RUN groupadd --system --gid 10001 ackgate \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin ackgate
WORKDIR /app
# Least to most often changed: libraries, snapshot libraries, then the application itself.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so that the
# orchestrator restarts it. Replace the whole variable to change JVM flags.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" \
    SPRING_CONFIG_ADDITIONAL_LOCATION="optional:file:/etc/ackgate/"
# JDK 25's ahead-of-time cache (JEP 514/515): a training run records the classes a start loads and
# links and the methods' profiles, and the service starts from that cache (docs/performance.md has
# the figures). The training run starts the service as the ENTRYPOINT does, with the same
# JDK_JAVA_OPTIONS and Spring AOT switch so that the cache matches; once readiness is UP it takes
# one line ack, one time on connect, one UDP time and one Prometheus scrape, so that the cache also
# holds what serving the first requests loads; then SIGTERM, whose clean exit writes the cache.
# It binds the default ports: docker build gives the step its own network, buildah with chroot
# isolation shares the host's, where they must be free. It fails the build (with the service's log)
# if the service exits early or is not ready within 120 s. Written as root, read by 10001.
RUN bash -euo pipefail -c ' \
    java -XX:AOTCacheOutput=/app/app.aot -Dspring.aot.enabled=true -jar /app/app.jar >/tmp/training.log 2>&1 & \
    pid=$!; \
    fail() { echo "AOT cache training: $1; the service log follows"; cat /tmp/training.log; kill -9 "$pid" 2>/dev/null || true; exit 1; }; \
    get() { exec 3<>/dev/tcp/127.0.0.1/8081 || return 1; printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3; cat <&3; exec 3<&-; }; \
    for _ in $(seq 600); do \
      if [[ $(get /actuator/health/readiness 2>/dev/null) == *\"UP\"* ]]; then break; fi; \
      kill -0 "$pid" 2>/dev/null || fail "the service exited before it was ready"; \
      sleep 0.2; \
    done; \
    [[ $(get /actuator/health/readiness) == *\"UP\"* ]] || fail "readiness not UP within 120 s"; \
    exec 4<>/dev/tcp/127.0.0.1/8080; printf "training\n" >&4; IFS= read -r -t 10 line <&4 || fail "no line ack"; exec 4<&-; \
    exec 5</dev/tcp/127.0.0.1/8330; IFS= read -r -t 10 -n 1 time <&5 || fail "no time on connect"; exec 5<&-; \
    exec 6<>/dev/udp/127.0.0.1/8123; printf "time" >&6; IFS= read -r -t 10 -n 1 udp <&6 || fail "no UDP time"; exec 6<&-; \
    [[ $(get /actuator/prometheus) == *ackgate_* ]] || fail "no Prometheus scrape"; \
    kill -TERM "$pid"; \
    wait "$pid" || fail "exit status $? after SIGTERM"; \
    rm /tmp/training.log; \
    chmod 0444 /app/app.aot'
USER 10001:10001
# line ack, framed ack, time on connect, UDP time, actuator (health, info, prometheus)
EXPOSE 8080/tcp 7373/tcp 8330/tcp 8123/udp 8081/tcp
# Exec form: java is PID 1 and receives SIGTERM itself, so the graceful drain runs in a pod.
# Java 25 serves each TCP connection on a virtual thread (ackgate.threads.mode=auto). Nothing is
# written outside /tmp, so the root filesystem can be read-only.
# spring.aot.enabled: start from the bean definitions the build generated (Spring AOT) when this
# start's settings decide the same ones as the build's defaults; otherwise the start says which
# setting differs and reads the configuration classes as usual (docs/deployment.md).
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-Dspring.aot.enabled=true", "-jar", "/app/app.jar"]
