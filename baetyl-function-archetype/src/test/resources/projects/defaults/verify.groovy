// Defaults: package = groupId, functionName = artifactId.
expectedPackage = 'com.example'
expectedFunctionName = 'sayhi'
// basedir: this directory; context.projectDir: the generated project
projectDir = context.projectDir
return evaluate(new File(basedir, '../generated-project-checks.groovy'))
