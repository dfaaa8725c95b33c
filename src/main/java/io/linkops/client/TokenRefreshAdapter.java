package io.linkops.client;

import io.linkops.domain.RefreshResult;
import io.smallrye.mutiny.Uni;

/** Refreshes tokens the way one family of providers does; never fails its Uni for a provider's answer. */
public interface TokenRefreshAdapter {

    Uni<RefreshResult> refresh(RefreshRequest request);
}
