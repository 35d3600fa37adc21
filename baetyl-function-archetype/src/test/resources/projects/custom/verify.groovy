// Explicit package and functionName that differ from the coordinates.
expectedPackage = 'org.acme.edge.alarm.handlers'
expectedFunctionName = 'alarm'
// basedir: this directory; context.projectDir: the generated project
projectDir = context.projectDir
return evaluate(new File(basedir, '../generated-project-checks.groovy'))
