; Where a module names another module. Each pattern's outermost capture says
; what kind of import it is; module_scan.cc reads the rest (specifier value,
; imported names, attributes, whether it runs at load time) from the nodes.

; import x from 'm'; import {a, b as c} from 'm'; import * as ns from 'm';
; import x, {y} from 'm'; import 'm'
(import_statement
  source: (string) @source) @static

; export * from 'm'; export * as ns from 'm'; export {a} from 'm'
(export_statement
  source: (string) @source) @reexport

; import('m'), import(`m`), import(expression)
(call_expression
  function: (import)
  arguments: (arguments) @arguments) @dynamic

; import.meta.resolve('m')
(call_expression
  function: (member_expression
    object: (meta_property) @meta
    property: (property_identifier) @method)
  arguments: (arguments) @arguments
  (#eq? @meta "import.meta")
  (#eq? @method "resolve")) @meta_resolve
