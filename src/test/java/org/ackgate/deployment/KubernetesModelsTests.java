package org.ackgate.deployment;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The validator the chart tests rely on catches what {@code helm lint} lets through. */
class KubernetesModelsTests {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: ackgate
			spec:
			  selector:
			    matchLabels: {app: ackgate}
			  template:
			    metadata:
			      labels: {app: ackgate}
			    spec:
			      containers:
			        - name: ackgate
			          image: ackgate:1
			          %s
			""";

	@Test
	void aValidObjectPasses() {
		assertThat(KubernetesModels.validate(yaml(DEPLOYMENT.formatted("ports: [{containerPort: 8080, protocol: TCP}]"))))
			.isNotNull();
	}

	@Test
	void aMisspelledFieldDeepInsideFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModels.validate(yaml(DEPLOYMENT.formatted("ports: [{containerPrt: 8080}]"))))
			.withMessageContaining("containerPrt");
	}

	@Test
	void aMissingRequiredFieldFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModels.validate(yaml(DEPLOYMENT.formatted("ports: [{protocol: UDP}]"))))
			.withMessageContaining("containerPort");
	}

	@Test
	void aNumberWhereTheApiWantsAStringFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModels.validate(yaml(DEPLOYMENT.formatted("env: [{name: PORT, value: 8080}]"))))
			.withMessageContaining(".env[0].value");
	}

	@Test
	void anUnknownKindFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesModels.validate(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: x}")))
			.withMessageContaining("no Kubernetes model");
	}

	@Test
	void aServiceMonitorWithAMisspelledFieldFails() {
		String monitor = """
				apiVersion: monitoring.coreos.com/v1
				kind: ServiceMonitor
				metadata: {name: ackgate}
				spec:
				  selector: {matchLabels: {app: ackgate}}
				  endpoints: [{port: http-management, %s: /actuator/prometheus}]
				""";
		assertThat(KubernetesModels.validate(yaml(monitor.formatted("path")))).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModels.validate(yaml(monitor.formatted("pth"))))
			.withMessageContaining("pth");
	}

	private static Map<String, Object> yaml(String text) {
		return new Yaml().load(text);
	}

}
