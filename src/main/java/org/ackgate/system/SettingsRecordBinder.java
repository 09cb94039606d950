package org.ackgate.system;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.PropertyEditorRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Bindable.BindRestriction;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.PropertySources;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Binds and validates one {@code @ConfigurationProperties} record the way Spring Boot binds a
 * constructor-bound properties bean: the same property sources, placeholders, conversion service
 * and property editors, the same bind handlers for the annotation's attributes, and Jakarta
 * Validation for a {@code @Validated} record. What it leaves out, it leaves to Spring Boot:
 * {@link SettingsBoundAhead} hands a record over only when this binding succeeded, and a failure
 * is bound again by Boot, which reports it as it always has. Safe to use from several threads; the
 * validator (Hibernate Validator's bootstrap, the largest part of a first binding) is built once,
 * by the first binding that needs it.
 */
final class SettingsRecordBinder {

	private final Binder binder;

	private @Nullable LocalValidatorFactoryBean validator;

	SettingsRecordBinder(PropertySources sources, @Nullable ConversionService conversionService,
			Consumer<PropertyEditorRegistry> propertyEditors) {
		// The binder's converter takes the editors once, here, as it is built.
		this.binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources),
				(conversionService != null) ? List.of(conversionService) : null, propertyEditors, null, null);
	}

	/** Whether {@code type} is a record this binder binds as Boot would. */
	static boolean binds(Class<?> type) {
		return type.isRecord() && !Validator.class.isAssignableFrom(type)
				&& MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(ConfigurationProperties.class);
	}

	/** The bound record; a {@code BindException} if a setting is malformed or invalid. */
	Object bind(Class<?> type) {
		MergedAnnotations annotations = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY);
		ConfigurationProperties properties = annotations.get(ConfigurationProperties.class).synthesize();
		Validated validated = annotations.get(Validated.class).synthesize(a -> a.isPresent()).orElse(null);
		Annotation[] targetAnnotations = (validated != null) ? new Annotation[] { properties, validated }
				: new Annotation[] { properties };
		Bindable<Object> target = Bindable.of(ResolvableType.forClass(type))
			.withAnnotations(targetAnnotations)
			.withBindMethod(BindMethod.VALUE_OBJECT);
		return this.binder.bindOrCreate(properties.prefix(), target, handler(type, properties, validated != null));
	}

	private BindHandler handler(Class<?> type, ConfigurationProperties properties, boolean validated) {
		BindHandler handler = new SubKeysOnly(new IgnoreTopLevelConverterNotFoundBindHandler());
		if (properties.ignoreInvalidFields()) {
			handler = new IgnoreErrorsBindHandler(handler);
		}
		if (!properties.ignoreUnknownFields()) {
			handler = new NoUnboundElementsBindHandler(handler, new UnboundElementsSourceFilter());
		}
		if (validated) {
			handler = new ValidationBindHandler(handler, new OnlyType(type, validator()));
		}
		return handler;
	}

	private synchronized Validator validator() {
		if (this.validator == null) {
			LocalValidatorFactoryBean factory = new LocalValidatorFactoryBean();
			factory.setMessageInterpolator(new MessageInterpolatorFactory().getObject());
			factory.afterPropertiesSet();
			this.validator = factory;
		}
		return this.validator;
	}

	/**
	 * Boot validates each record with a validator for its own type only; nested records are
	 * validated through the record's {@code @Valid}, not again on their own.
	 */
	private record OnlyType(Class<?> type, Validator delegate) implements Validator {

		@Override
		public boolean supports(Class<?> candidate) {
			return this.type.equals(candidate) && this.delegate.supports(candidate);
		}

		@Override
		public void validate(Object target, Errors errors) {
			this.delegate.validate(target, errors);
		}

	}

	/**
	 * A {@code @ConfigurationProperties} type binds from its prefix's sub-keys, never from a
	 * property of the prefix's own name, as Boot's binder for such beans restricts it.
	 */
	private static final class SubKeysOnly extends AbstractBindHandler {

		SubKeysOnly(BindHandler parent) {
			super(parent);
		}

		@Override
		public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
			Class<?> type = target.getType().resolve();
			return (type != null && MergedAnnotations.from(type).isPresent(ConfigurationProperties.class))
					? target.withBindRestrictions(BindRestriction.NO_DIRECT_PROPERTY) : target;
		}

	}

}
