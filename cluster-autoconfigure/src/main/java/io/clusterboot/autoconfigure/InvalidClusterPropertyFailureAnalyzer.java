package io.clusterboot.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code cluster.*} property with a value that is not allowed: the property,
 * the value, where it was set and what is allowed. Runs before Spring Boot's generic bind
 * failure analysis.
 *
 * @author ClusterBoot team
 */
class InvalidClusterPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		InvalidClusterPropertyException invalid = findCause(cause, InvalidClusterPropertyException.class);
		ConfigurationProperty property = cause.getProperty();
		if (invalid == null || property == null) {
			return null;
		}
		String name = property.getName().toString();
		String description = String.format("Invalid value for '%s': \"%s\"%n    Origin: %s%n    Allowed: %s", name,
				property.getValue(), property.getOrigin(), invalid.getAllowed());
		String action = String.format("Set '%s' to %s.", name, invalid.getAllowed());
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
