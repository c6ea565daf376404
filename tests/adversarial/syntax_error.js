// expect: JavaScriptError
function ( {
