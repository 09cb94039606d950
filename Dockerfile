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
# JDK 25's ahead-of-time cache (JEP 514/515): a training run that starts the context and exits
# before any port is bound records the classes it loaded, linked and profiled; the service then
# starts from that cache (docs/performance.md has the figures). Trained with the same
# JDK_JAVA_OPTIONS and the same Spring AOT switch as the service runs with, so the cache matches.
# Written as root, read by 10001.
RUN java -XX:AOTCacheOutput=/app/app.aot -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
      -jar /app/app.jar \
 && chmod 0444 /app/app.aot
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
