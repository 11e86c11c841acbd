import type { JSONContent } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from '../../shared/import/pasted-html.ts';
import { statementSchema } from '../../shared/schema/extensions.ts';
import { a, b, h, i, li, ol, p, ul } from '../helpers/doc-builders.ts';

const { window } = new JSDOM('');

/** What the editor does on paste: our transform, then the schema's parse rules on the result (as a slice). */
function paste(clipboardHtml: string): JSONContent[] {
  const container = window.document.createElement('div');
  container.innerHTML = cleanPastedHtml(clipboardHtml, new window.DOMParser());
  const slice = ProseMirrorParser.fromSchema(statementSchema).parseSlice(container);
  return (slice.content.toJSON() as JSONContent[]) ?? [];
}

const normalize = (blocks: JSONContent[]) => blocks.map((block) => statementSchema.nodeFromJSON(block).toJSON() as JSONContent);

// Trimmed from what Word for Windows puts on the clipboard: mso-list paragraphs with their
// bullets as text, conditional comments, <o:p>, class and style noise.
const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-GB>
<!--StartFragment-->
<h1><a name="_Toc1"></a>Our demands<o:p></o:p></h1>
<p class=MsoNormal>We call on the <b>city council</b> to act <i>now</i>, see <a href="https://example.org/report">the report</a>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Housing first<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span></span><![endif]>For everyone<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Legal aid<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>First step<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Second step<o:p></o:p></p>
<!--EndFragment--></body></html>`;

// Trimmed from Google Docs in Chrome: a <b style="font-weight:normal"> wrapper, emphasis as
// inline styles, underlined link text, and a sub-list placed directly inside its parent list.
const googleDocsHtml = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><h2 dir="ltr"><span style="font-size:16pt;font-weight:400;">Our demands</span></h2>
<p dir="ltr"><span style="font-weight:400;">We call on the </span><span style="font-weight:700;">city council</span><span style="font-weight:400;"> to act </span><span style="font-style:italic;font-weight:400;">now</span><span>, see </span><a href="https://example.org/report" style="text-decoration:none;"><span style="color:#1155cc;text-decoration:underline;-webkit-text-decoration-skip:none;">the report</span></a><span>.</span></p>
<ul><li dir="ltr" aria-level="1"><p dir="ltr"><span>Housing first</span></p></li><ul><li dir="ltr" aria-level="2"><p dir="ltr"><span>For everyone</span></p></li></ul><li dir="ltr" aria-level="1"><p dir="ltr"><span>Legal aid</span></p></li></ul>
<img src="https://lh3.googleusercontent.com/x.png" width="100"></b>`;

const demands = p('We call on the ', b('city council'), ' to act ', i('now'), ', see ', a('https://example.org/report', 'the report'), '.');
const housingList = ul(li(p('Housing first'), ul(li(p('For everyone')))), li(p('Legal aid')));

describe('pasting rich text', () => {
  it('from Word keeps headings, bold, italic, links and (nested) lists, and drops the rest', () => {
    expect(paste(wordHtml)).toEqual(normalize([h(1, 'Our demands'), demands, housingList, ol(1, li(p('First step')), li(p('Second step')))]));
  });

  it('from Word keeps every item, in one list, when the copied selection starts inside a sub-list', () => {
    const item = (level: number, text: string) =>
      `<p class=MsoListParagraph style='mso-list:l0 level${level} lfo1'><span style='mso-list:Ignore'>o&nbsp;</span>${text}</p>`;
    expect(paste(`${item(2, 'deep')}${item(1, 'shallow')}${item(2, 'deep again')}`)).toEqual(
      normalize([ul(li(p('deep')), li(p('shallow')), li(p('deep again')))]),
    );
  });

  it('from Google Docs keeps headings, bold, italic, links and nested lists, without the wrapper bold or link underline', () => {
    expect(paste(googleDocsHtml)).toEqual(normalize([h(2, 'Our demands'), demands, housingList]));
  });
});
