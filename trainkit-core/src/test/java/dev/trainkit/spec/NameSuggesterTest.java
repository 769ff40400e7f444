package dev.trainkit.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NameSuggesterTest {
    @Test
    void editDistance() {
        assertEquals(3, NameSuggester.distance("kitten", "sitting"));
        assertEquals(0, NameSuggester.distance("", ""));
        assertEquals(4, NameSuggester.distance("", "abcd"));
    }

    @Test
    void closestIsCaseInsensitiveAndThresholded() {
        List<String> names = List.of("StepLR", "MultiStepLR", "ExponentialLR");
        assertEquals("StepLR", NameSuggester.closest("steplr", names));
        assertEquals("MultiStepLR", NameSuggester.closest("MultStepLR", names));
        assertEquals("ExponentialLR", NameSuggester.closest("ExponentalLR", names));
        assertNull(NameSuggester.closest("Adam", names));
        assertNull(NameSuggester.closest("x", List.of()));
        assertEquals("", NameSuggester.didYouMean("zzzzzz", names));
        assertEquals(" (did you mean 'StepLR'?)", NameSuggester.didYouMean("StepRL", names));
    }
}
