package io.linkops.domain;

/** Why one item of a bulk operation failed, by its wire {@code error_type}. */
public enum FailureReason {
    user_not_found("The user does not exist in this team."),
    provider_credential_error("The connection cannot be bound to the team's credential for this provider."),
    token_refresh_failed("The provider refused to refresh the token."),
    duplicate_connection("This provider account is already connected to another user of the team."),
    connection_not_found("The user has no connection to this provider."),
    connection_paused("The connection is paused."),
    cancelled("The bulk op was cancelled before this item was applied."),
    unknown("The connection could not be processed.");

    private final String message;

    FailureReason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
