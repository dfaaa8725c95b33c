package io.linkops.service;

import java.time.LocalDate;

/** The fields a team sets when it creates a user. */
public record NewUser(String clientUserId, String fallbackTimeZone, LocalDate fallbackBirthDate,
        LocalDate ingestionStart, LocalDate ingestionEnd) {
}
