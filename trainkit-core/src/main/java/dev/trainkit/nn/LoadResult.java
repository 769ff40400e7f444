package dev.trainkit.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} did not match, as PyTorch's {@code _IncompatibleKeys}:
 * keys the module expected but the state dict lacked, and keys the state dict had but the
 * module does not know.
 *
 * @param missingKeys module keys absent from the state dict
 * @param unexpectedKeys state-dict keys the module does not have
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    /** Whether every key matched. */
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
