package io.linkops.service;

/** The caller's team has no such resource; other teams' resources are reported the same way. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String detail) {
        super(detail, null, false, false);
    }
}
