"""scenes.txt.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '99821e2aca18590711cee0196154e8bd667fc5374636efbebd1cbc68f6fb8012'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'scenes.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_collection = resolve('collection')
    l_0_width = resolve('width')
    l_0_scenes = resolve('scenes')
    l_0_title = missing
    try:
        t_1 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_2 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    l_0_title = t_2(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'title'), (undefined(name='width') if l_0_width is missing else l_0_width))
    context.vars['title'] = l_0_title
    context.exported_vars.add('title')
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    yield str(t_1((undefined(name='title') if l_0_title is missing else l_0_title), '='))
    yield '\n\n'
    yield str(t_2(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'dek'), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n\n'
    for l_1_paragraph in environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'intro'):
        _loop_vars = {}
        pass
        yield str(t_2(l_1_paragraph, (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n\n'
    l_1_paragraph = missing
    if environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'advisory'):
        pass
        yield str(t_2(environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'advisory'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n\n'
    l_1_loop = missing
    for l_1_scene, l_1_loop in LoopContext((undefined(name='scenes') if l_0_scenes is missing else l_0_scenes), undefined):
        l_1_heading = missing
        _loop_vars = {}
        pass
        yield '\n'
        l_1_heading = str_join((environment.getattr(l_1_loop, 'index'), '. ', environment.getattr(l_1_scene, 'heading'), ))
        _loop_vars['heading'] = l_1_heading
        template = environment.get_template('_scene.txt.j2', 'scenes.txt.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'heading': l_1_heading, 'loop': l_1_loop, 'scene': l_1_scene, 'title': l_0_title}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    l_1_loop = l_1_scene = l_1_heading = missing
    yield '\n\n'
    yield str(t_2(str_join(('Read the article: ', environment.getattr((undefined(name='collection') if l_0_collection is missing else l_0_collection), 'link'), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'

blocks = {}
debug_info = '8=27&9=30&10=32&12=34&14=36&15=39&18=42&19=44&22=47&24=52&25=54&29=62'
