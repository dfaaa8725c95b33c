package io.linkops.rest.validation;

import io.linkops.domain.Provider;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ProviderSlug}; null is left to {@code @NotNull}. */
public class ProviderSlugValidator implements ConstraintValidator<ProviderSlug, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Provider.fromSlug(value).isPresent();
    }
}
