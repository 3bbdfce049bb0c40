// Runs after the archetype has written the module. Generated into a parent project (the archetype plugin then adds
// the module to the parent's <modules> and the parent to the module's POM) without a version chosen, the module
// takes the parent's version: its own <version> goes. DEFAULT_VERSION is the default in archetype-metadata.xml.
import java.util.regex.Matcher
import java.util.regex.Pattern

final String DEFAULT_VERSION = '0.1.0-SNAPSHOT'

File pom = new File(request.outputDirectory, request.artifactId + '/pom.xml')
String text = pom.getText('UTF-8')
boolean chosen = System.getProperty('version') != null || request.version != DEFAULT_VERSION
if (!chosen && text.contains('<parent>')) {
    String own = '<artifactId>' + request.artifactId + '</artifactId>'
    Matcher version = Pattern.compile('(' + Pattern.quote(own) + ')\\s*<version>[^<]*</version>').matcher(text)
    if (!version.find()) {
        throw new IllegalStateException('No <version> after ' + own + ' in ' + pom)
    }
    pom.write(text.substring(0, version.start()) + version.group(1) + text.substring(version.end()), 'UTF-8')
    println('[INFO] ' + request.artifactId + ' takes the version of its parent; -Dversion=... gives it its own.')
}
