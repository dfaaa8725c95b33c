package io.linkops.service;

import io.linkops.domain.ConnectionRecipe;
import java.util.List;
import java.util.UUID;

/** One page of exported connections, and the id to continue after (null on the last page). */
public record ExportPage(List<ConnectionRecipe> connections, UUID continueAfter) {
}
