package dev.trainkit.dist;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Helpers for c10d's native objects, which live as long as their process group, never in a step scope. */
final class C10dPointers {
    private C10dPointers() {
    }

    /** Detaches {@code p} from any open scope so that only the GC (or an explicit close) frees it. */
    static <P extends Pointer> P escape(P p) {
        PointerScope scope = PointerScope.getInnerScope();
        if (scope != null && p != null) {
            p.retainReference();
            scope.detach(p);
        }
        return p;
    }

    /** libtorch's first message line without its {@code [file.cc:123]} prefix or C++ backtrace. */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        String line = m.strip().split("\n", 2)[0].strip();
        if (line.startsWith("[") && line.indexOf("] ") > 0) {
            line = line.substring(line.indexOf("] ") + 2);
        }
        return line;
    }
}
