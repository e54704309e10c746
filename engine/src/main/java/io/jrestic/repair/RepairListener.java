package io.jrestic.repair;

/** Receives a repair's messages, worded as restic's: progress on {@link #info}, problems on {@link #warn}. */
public interface RepairListener {
    RepairListener NONE = new RepairListener() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };

    void info(String line);

    void warn(String line);
}
