package dev.trainkit.io;

/** A global named by a pickle ({@code GLOBAL}/{@code STACK_GLOBAL}) that passed the allow-list. */
record PyGlobal(String module, String name) {
    String qualified() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
