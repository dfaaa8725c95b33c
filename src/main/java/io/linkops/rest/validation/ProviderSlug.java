package io.linkops.rest.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value is the slug of a supported OAuth provider. */
@Documented
@Constraint(validatedBy = ProviderSlugValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ProviderSlug {

    String message() default "Input should be a supported provider slug";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
