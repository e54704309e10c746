package io.jrestic.backend.location;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restic's location syntax, §20.3: every example form of the table. */
class LocationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /srv/restic-repo                                   | local  | /srv/restic-repo
            relative/dir                                       | local  | relative/dir
            repo                                               | local  | repo
            local:/srv/repo                                    | local  | /srv/repo
            local:/srv/with:colon                              | local  | /srv/with:colon
            local:relative:dir                                 | local  | relative:dir
            /srv/with:colon                                    | local  | /srv/with:colon
            \\\\server\\share:x                                | local  | \\\\server\\share:x
            ../up:one                                          | local  | ../up:one
            ..\\up:one                                         | local  | ..\\up:one
            C:\\Users\\repo                                    | local  | C:\\Users\\repo
            c:/Users/repo                                      | local  | c:/Users/repo
            sftp:user@host:/abs/path                           | sftp   | user@host:/abs/path
            sftp:user@host:relative/path                       | sftp   | user@host:relative/path
            sftp://user@host:2222//abs/path                    | sftp   | //user@host:2222//abs/path
            sftp://user@host/relative                          | sftp   | //user@host/relative
            sftp:user@domain@host:/srv                         | sftp   | user@domain@host:/srv
            rest:http://host:8000/                             | rest   | http://host:8000/
            rest:https://user:pass@host:8000/my_repo/          | rest   | https://user:pass@host:8000/my_repo/
            rest:http+unix:///run/rest.socket:/my_repo/        | rest   | http+unix:///run/rest.socket:/my_repo/
            s3:s3.us-east-1.amazonaws.com/bucket               | s3     | s3.us-east-1.amazonaws.com/bucket
            s3:s3.us-east-1.amazonaws.com/bucket/prefix        | s3     | s3.us-east-1.amazonaws.com/bucket/prefix
            s3://host/bucket/prefix                            | s3     | //host/bucket/prefix
            s3:https://host:9000/bucket/prefix                 | s3     | https://host:9000/bucket/prefix
            s3:http://host:9000/bucket                         | s3     | http://host:9000/bucket
            gs:bucket:/prefix                                  | gs     | bucket:/prefix
            gs:bucket:/                                        | gs     | bucket:/
            azure:container:/path                              | azure  | container:/path
            b2:bucket:path                                     | b2     | bucket:path
            swift:container:/path                              | swift  | container:/path
            rclone:remote:path                                 | rclone | remote:path
            """)
    void parsesResticsExampleForms(String text, String scheme, String address) {
        Location location = Location.parse(text);

        assertEquals(new Location(scheme, address), location);
        assertEquals(scheme.equals("local") && !text.startsWith("local:") ? "local:" + text : text,
                location.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            foo:bar
            S3:host/bucket
            ./dir:with-colon
            host:/srv/repo
            """)
    void rejectsUnknownSchemesSuggestingTheLocalPrefix(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Location.parse(text));

        assertTrue(e.getMessage().startsWith("invalid backend \"" + text.substring(0, text.indexOf(':')) + "\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("\"local:\" prefix"), e.getMessage());
    }

    @Test
    void aRegisteredSchemeIsRecognisedBeforeThePathRules() {
        assertThrows(IllegalArgumentException.class, () -> Location.parse("mem:store"));
        assertEquals(new Location("mem", "store"), Location.parse("mem:store", Set.of("mem")));
    }

    @Test
    void anEmptyLocationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Location.parse(""));
    }
}
