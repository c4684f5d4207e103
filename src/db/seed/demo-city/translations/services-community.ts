/**
 * Vietnamese, Traditional Chinese and Russian names and descriptions ([vi, zh-Hant, ru]) of the
 * neighbourhood, housing, social, civil-rights, safety, payment, permit and information services,
 * keyed by service code.
 */
import type { EntryTranslations } from '../helpers.ts';

export const communityServiceTranslations: Record<string, EntryTranslations> = {
  GRAFFITI: {
    name: ['Vẽ bậy', '塗鴉', 'Граффити'],
    description: [
      'Báo cáo hình vẽ bậy trên tài sản công hoặc tư. Hình vẽ mang tính thù hằn hoặc xúc phạm được xử lý trước. Chủ sở hữu phải tự xóa hình vẽ bậy trên tài sản của mình; chương trình xóa vẽ bậy của Thành phố có thể hỗ trợ.',
      '通報公有或私人財產上的塗鴉。仇恨或冒犯性的塗鴉會優先處理。業主須負責清除自家財產上的塗鴉；市政府的塗鴉清除計畫可提供協助。',
      'Сообщите о граффити на общественной или частной собственности. Граффити, разжигающие ненависть или оскорбительные, удаляются в первую очередь. Владельцы сами отвечают за удаление граффити со своей собственности; городская программа по граффити может помочь.',
    ],
  },
  ILLEGAL_DUMPING: {
    name: ['Đổ rác trái phép', '非法傾倒', 'Незаконная свалка'],
    description: [
      'Báo cáo rác, đồ đạc, nệm, đồ gia dụng, lốp xe hoặc phế thải xây dựng bị đổ trên đường, vỉa hè hoặc đất công. Các vật nguy hiểm như kim tiêm hoặc hóa chất được xử lý trước.',
      '通報傾倒在街道、人行道或公有土地上的垃圾、家具、床墊、家電、輪胎或建築廢料。針頭或化學品等危險物品會優先處理。',
      'Сообщите о мусоре, мебели, матрасах, бытовой технике, шинах или строительных отходах, выброшенных на улице, тротуаре или общественной земле. Опасные предметы, например иглы или химикаты, убирают в первую очередь.',
    ],
  },
  LITTER: {
    name: ['Rác vương vãi hoặc thùng rác công cộng bị đầy tràn', '垃圾散落或公共垃圾桶滿溢', 'Мусор или переполненная урна'],
    description: [
      'Báo cáo rác vương vãi trên đường phố hoặc vỉa hè, hoặc thùng rác công cộng bị đầy tràn.',
      '通報街道或人行道上的垃圾，或滿溢的公共垃圾桶。',
      'Сообщите о мусоре на улице или тротуаре или о переполненной общественной урне.',
    ],
  },
  NEEDLES: {
    name: ['Kim tiêm hoặc ống tiêm đã qua sử dụng', '用過的針頭或針筒', 'Использованные иглы или шприцы'],
    description: [
      'Báo cáo kim tiêm hoặc ống tiêm đã qua sử dụng trên tài sản công. Không nhặt bằng tay không. Các đội thu gom kim tiêm được báo cáo, ưu tiên gần trường học, công viên và sân chơi.',
      '通報公共場所上用過的針頭或針筒。請勿徒手撿拾。清理人員會收集通報的針頭，學校、公園與遊樂場附近優先處理。',
      'Сообщите об использованных иглах или шприцах в общественных местах. Не поднимайте их голыми руками. Бригады собирают иглы по сообщениям, в первую очередь возле школ, парков и детских площадок.',
    ],
  },
  NOISE: {
    name: ['Khiếu nại về tiếng ồn', '噪音投訴', 'Жалоба на шум'],
    description: [
      'Báo cáo tiếng ồn kéo dài từ công trình xây dựng, âm thanh khuếch đại, máy móc, cơ sở kinh doanh hoặc máy thổi lá. Văn phòng Kiểm soát Tiếng ồn điều tra các vấn đề tiếng ồn kéo dài. Đối với tiệc ồn ào hoặc gây rối đang diễn ra, hãy gọi đường dây không khẩn cấp, 503-823-3333.',
      '通報來自施工、擴音、機具、商家或吹葉機的持續性噪音。噪音管制辦公室會調查持續性的噪音問題。如正在發生吵鬧派對或騷擾，請撥打非緊急專線 503-823-3333。',
      'Сообщите о постоянном шуме от строительства, усилителей звука, оборудования, предприятий или воздуходувок для листьев. Отдел контроля шума расследует постоянные проблемы с шумом. О шумной вечеринке или беспорядке прямо сейчас сообщайте по неэкстренной линии 503-823-3333.',
    ],
  },
  PROPERTY_NUISANCE: {
    name: ['Tài sản gây phiền toái hoặc vi phạm quy định', '物業滋擾或違反法規', 'Нарушения на частной территории'],
    description: [
      'Báo cáo vấn đề trên tài sản tư nhân: cỏ hoặc cỏ dại mọc um tùm, rác và phế thải, tòa nhà bỏ trống bị mở hoặc xuống cấp, hoặc công việc làm mà không có giấy phép.',
      '通報私人物業上的問題：雜草叢生、垃圾與廢棄物、門戶洞開或破敗的空置建築，或未經許可的施工。',
      'Сообщите о проблемах на частной собственности: заросшая трава или сорняки, мусор и хлам, открытое или разрушающееся пустующее здание, работы без разрешения.',
    ],
  },
  CONSTRUCTION_SITE: {
    name: ['Sự cố tại công trường xây dựng', '建築工地問題', 'Проблема на стройплощадке'],
    description: [
      'Báo cáo vấn đề tại công trường xây dựng tư nhân: thi công ngoài giờ cho phép, bụi, bùn hoặc xói mòn, hàng rào không an toàn, hoặc lo ngại về việc phá dỡ. Đối với công việc trên chính lòng đường, hãy dùng mục “Vấn đề tại khu vực thi công”.',
      '通報私人建築工地的問題：在允許時間以外施工、灰塵、泥巴或土壤流失、圍籬不安全，或拆除工程疑慮。如為街道上的施工，請使用「施工區域問題」。',
      'Сообщите о проблеме на частной стройке: работы в неразрешённое время, пыль, грязь или эрозия, небезопасное ограждение, вопросы по сносу. Для работ на самой улице выберите «Проблема в зоне дорожных работ».',
    ],
  },
  LIQUOR_ESTABLISHMENT: {
    name: ['Quán bar hoặc cửa hàng rượu gây rắc rối', '問題酒吧或酒類商店', 'Проблемный бар или алкогольный магазин'],
    description: [
      'Báo cáo các vấn đề kéo dài liên quan đến cơ sở kinh doanh có giấy phép bán rượu: tiếng ồn, đánh nhau, rác, bán rượu quá mức hoặc gây rối vào đêm khuya. Chương trình cấp phép rượu của Thành phố làm việc với cơ sở và tiểu bang, và hồ sơ này được xem xét khi gia hạn giấy phép. Nếu đánh nhau hoặc tội phạm đang xảy ra, hãy gọi 9-1-1.',
      '通報與持有酒類販售執照之商家有關的持續問題：噪音、鬥毆、垃圾、過度供酒或深夜擾鄰。市政府的酒類執照計畫會與商家及州政府合作，相關紀錄會在執照換發時納入考量。如正在發生鬥毆或犯罪，請撥打 9-1-1。',
      'Сообщите о постоянных проблемах, связанных с заведением, имеющим лицензию на продажу алкоголя: шум, драки, мусор, продажа алкоголя сверх меры, ночные беспорядки. Городская программа лицензирования алкоголя работает с заведением и штатом, а эти сведения учитываются при продлении лицензии. О драке или преступлении прямо сейчас сообщайте по 9-1-1.',
    ],
  },
  AIRCRAFT_NOISE: {
    name: ['Tiếng ồn sân bay và máy bay', '機場與飛機噪音', 'Шум аэропорта и самолётов'],
    description: [
      'Tiếng ồn từ các chuyến bay của Sân bay Quốc tế Portland (PDX) do Cảng vụ Portland xử lý.',
      '波特蘭國際機場（PDX）航班的噪音問題由波特蘭港務局處理。',
      'Шумом от рейсов Международного аэропорта Портленда (PDX) занимается Портовое управление Портленда.',
    ],
  },
  HOUSING_MAINTENANCE: {
    name: ['Khiếu nại về bảo trì nhà cho thuê', '出租住房維修投訴', 'Жалоба на содержание арендного жилья'],
    description: [
      'Báo cáo điều kiện không an toàn hoặc không lành mạnh trong nhà thuê mà chủ nhà chưa sửa: không có sưởi, không có nước nóng, rò rỉ, nấm mốc, côn trùng, nguy hiểm về điện hoặc kết cấu. Thanh tra nhà ở có thể kiểm tra và yêu cầu sửa chữa.',
      '通報房東尚未修復的出租住宅不安全或不衛生狀況：沒有暖氣、沒有熱水、漏水、發霉、蟲害、電氣或結構危險。住房檢查員可進行檢查並要求修繕。',
      'Сообщите об опасных или вредных для здоровья условиях в арендованном жилье, которые арендодатель не устранил: нет отопления или горячей воды, протечки, плесень, вредители, опасная электрика или конструкции. Жилищные инспекторы могут провести проверку и потребовать ремонта.',
    ],
  },
  HOUSING_DISCRIMINATION: {
    name: ['Phân biệt đối xử về nhà ở', '住房歧視', 'Дискриминация в сфере жилья'],
    description: [
      'Báo cáo việc bị đối xử bất công khi thuê hoặc mua nhà vì chủng tộc, màu da, nguồn gốc quốc gia, tôn giáo, giới tính, khuyết tật, có con, nguồn thu nhập hoặc một nhóm được bảo vệ khác. Báo cáo của quý vị được bảo mật; nhân viên nhà ở công bằng sẽ liên hệ với quý vị về các bước tiếp theo, có thể bao gồm Hội đồng Nhà ở Công bằng Oregon hoặc Sở Lao động và Công nghiệp (BOLI).',
      '通報在租屋或購屋時因種族、膚色、原國籍、宗教、性別、身心障礙、育有子女、收入來源或其他受保護身分而受到的不公平待遇。您的通報將予以保密；公平住房人員會與您聯絡說明後續步驟，可能包括俄勒岡公平住房委員會或勞工與工業局（BOLI）。',
      'Сообщите о несправедливом отношении при аренде или покупке жилья из-за расы, цвета кожи, национального происхождения, религии, пола, инвалидности, наличия детей, источника дохода или другого защищённого признака. Ваше сообщение конфиденциально; сотрудники по вопросам равного доступа к жилью свяжутся с вами о дальнейших шагах, в том числе, возможно, через Совет по справедливому жилью Орегона или Бюро труда и промышленности (BOLI).',
    ],
  },
  RENTER_SERVICES: {
    name: ['Quyền của người thuê nhà và hỗ trợ di dời', '租戶權益與搬遷補助', 'Права арендаторов и помощь при переезде'],
    description: [
      'Các biện pháp bảo vệ người thuê nhà của Portland, thông báo, hỗ trợ di dời và tiền đặt cọc.',
      '波特蘭的租戶保護措施、通知、搬遷補助與押金。',
      'Защита арендаторов в Портленде, уведомления, помощь при переезде и залоги.',
    ],
  },
  PERMIT_ZONING_INFO: {
    name: ['Thông tin về giấy phép và phân vùng', '許可與分區資訊', 'Информация о разрешениях и зонировании'],
    description: [
      'Quý vị cần giấy phép nào, thông tin phân vùng và bất động sản, và cách nộp đơn.',
      '您需要哪種許可、分區與物業資訊，以及如何申請。',
      'Какое разрешение вам нужно, сведения о зонировании и недвижимости и как подать заявление.',
    ],
  },
  FIRE_SAFETY: {
    name: ['Nguy cơ cháy trong tòa nhà', '建築物內的火災危險', 'Пожарная опасность в здании'],
    description: [
      'Báo cáo nguy cơ cháy trong cơ sở kinh doanh hoặc tòa nhà chung cư: lối thoát bị chặn hoặc khóa, quá đông người, lưu trữ vật liệu nguy hiểm, hoặc thiếu hay hỏng chuông báo cháy hoặc bình chữa cháy. Nếu có lửa hoặc khói, hãy gọi 9-1-1.',
      '通報商家或公寓大樓內的火災危險：出口被阻擋或上鎖、人數過多、危險物品存放，或火災警報器、滅火器缺少或故障。如有火災或濃煙，請撥打 9-1-1。',
      'Сообщите о пожарной опасности в здании предприятия или многоквартирном доме: заблокированные или запертые выходы, переполненность, опасное хранение, отсутствие или неисправность пожарной сигнализации или огнетушителей. При огне или дыме звоните 9-1-1.',
    ],
  },
  ANIMAL_SERVICES: {
    name: ['Vấn đề về động vật, hoặc thú cưng bị lạc hay được tìm thấy', '動物問題，或走失、拾獲的寵物', 'Проблема с животными, потерянный или найденный питомец'],
    description: [
      'Chó đi lạc, thả rông hoặc nguy hiểm, chó sủa, động vật cắn, ngược đãi, thú cưng bị lạc và được tìm thấy, và giấy phép thú cưng do Dịch vụ Động vật Quận Multnomah xử lý.',
      '流浪、未拴或危險的狗、狗吠、動物咬傷、疏於照顧、走失與拾獲的寵物，以及寵物登記，由摩特諾瑪郡動物服務處處理。',
      'Бродячими, бесхозными или опасными собаками, лаем, укусами, жестоким обращением, потерянными и найденными питомцами и их регистрацией занимается Служба по делам животных округа Малтнома.',
    ],
  },
  RATS_MOSQUITOES: {
    name: ['Chuột, muỗi và côn trùng gây hại', '老鼠、蚊子與害蟲', 'Крысы, комары и вредители'],
    description: [
      'Vấn đề về chuột và muỗi do bộ phận Kiểm soát Côn trùng Truyền bệnh của Quận Multnomah xử lý.',
      '老鼠與蚊子問題由摩特諾瑪郡病媒防治單位處理。',
      'Проблемами с крысами и комарами занимается служба борьбы с переносчиками инфекций округа Малтнома.',
    ],
  },
  CAMPSITE: {
    name: ['Báo cáo nơi cắm trại', '露宿點通報', 'Сообщение о палаточном лагере'],
    description: [
      'Báo cáo lều, lán hoặc nơi cắm trại bằng xe trên tài sản công và mọi lo ngại liên quan. Chương trình Giảm thiểu Tác động của Thành phố đánh giá các địa điểm được báo cáo, kết nối mọi người với dịch vụ tiếp cận và hỗ trợ, và lên lịch dọn dẹp. Nếu ai đó cần trợ giúp y tế hoặc đang gặp nguy hiểm, hãy gọi 9-1-1.',
      '通報公有地上的帳篷、搭建物或車輛露宿點及相關疑慮。市政府的「影響減緩計畫」會評估通報的地點、協助當事人取得外展與服務，並安排清理。如有人需要醫療協助或身處危險，請撥打 9-1-1。',
      'Сообщите о палатке, постройке или лагере в автомобилях на общественной территории и о связанных с этим проблемах. Городская Программа снижения воздействия оценивает такие места, помогает людям получить поддержку и услуги и планирует уборку. Если кому-то нужна медицинская помощь или грозит опасность, звоните 9-1-1.',
    ],
  },
  SOCIAL_SERVICES: {
    name: ['Nơi tạm trú, thực phẩm và hỗ trợ tiền thuê nhà', '收容所、食物與房租補助', 'Приют, продукты и помощь с арендой'],
    description: [
      'Tìm nơi tạm trú, thực phẩm, hỗ trợ tiền thuê nhà và tiện ích cùng các dịch vụ cộng đồng khác qua 211info.',
      '透過 211info 尋找收容所、食物、房租與水電費補助及其他社區服務。',
      'Найдите приют, продукты, помощь с арендой и коммунальными платежами и другие услуги через 211info.',
    ],
  },
  MENTAL_HEALTH_CRISIS: {
    name: ['Khủng hoảng sức khỏe tâm thần', '心理健康危機', 'Психологический кризис'],
    description: ['Trợ giúp cho người đang gặp khủng hoảng sức khỏe tâm thần.', '為正處於心理健康危機的人提供協助。', 'Помощь человеку в состоянии психологического кризиса.'],
  },
  ADA_ACCOMMODATION: {
    name: ['Yêu cầu điều chỉnh hợp lý theo ADA hoặc hỗ trợ ngôn ngữ', 'ADA 合理便利或語言協助申請', 'Запрос на приспособления по ADA или языковую помощь'],
    description: [
      'Yêu cầu điều chỉnh hợp lý, thông dịch hoặc biên dịch để quý vị có thể tham gia một cuộc họp, chương trình hay dịch vụ của Thành phố: thông dịch viên ngôn ngữ ký hiệu hoặc ngôn ngữ nói, tài liệu được dịch, chữ in lớn hoặc định dạng khác, thiết bị hỗ trợ nghe, phụ đề, hoặc khả năng tiếp cận về mặt vật lý. Yêu cầu được miễn phí và bảo mật.',
      '申請合理便利、口譯或筆譯，讓您能參與市政府的會議、計畫或服務：手語或口語翻譯員、翻譯文件、大字版或其他格式、輔助聽力設備、字幕或實體無障礙設施。申請免費且保密。',
      'Попросите о приспособлениях, устном или письменном переводе, чтобы участвовать в городском собрании, программе или услуге: сурдопереводчик или переводчик устной речи, переведённые документы, крупный шрифт или другие форматы, вспомогательные устройства для слуха, субтитры или физическая доступность. Запросы бесплатны и конфиденциальны.',
    ],
  },
  CIVIL_RIGHTS_COMPLAINT: {
    name: ['Khiếu nại theo ADA hoặc dân quyền (Điều VI)', 'ADA 或民權（第六章）投訴', 'Жалоба по ADA или о гражданских правах (раздел VI)'],
    description: [
      'Nộp đơn khiếu nại nếu quý vị tin rằng một chương trình, dịch vụ hoặc hoạt động của Thành phố đã phân biệt đối xử với quý vị vì chủng tộc, màu da, nguồn gốc quốc gia (bao gồm ngôn ngữ) hoặc khuyết tật. 311 là đầu mối liên hệ duy nhất của Thành phố cho các khiếu nại theo Điều II của ADA và Điều VI về Dân quyền, và khiếu nại của quý vị được bảo mật.',
      '如您認為市政府的計畫、服務或活動因種族、膚色、原國籍（包括語言）或身心障礙而歧視您，請提出投訴。311 是市政府受理 ADA 第二章及民權法第六章投訴的單一聯絡窗口，您的投訴將予以保密。',
      'Подайте жалобу, если считаете, что городская программа, услуга или мероприятие дискриминировали вас по признаку расы, цвета кожи, национального происхождения (включая язык) или инвалидности. Служба 311 — единая точка контакта города для жалоб по разделу II ADA и разделу VI закона о гражданских правах; ваша жалоба конфиденциальна.',
    ],
  },
  EMERGENCY: {
    name: ['Khẩn cấp: cảnh sát, cứu hỏa hoặc y tế', '緊急狀況：警察、消防或醫療', 'Экстренный случай: полиция, пожарные или скорая помощь'],
    description: [
      'Đối với trường hợp khẩn cấp đe dọa tính mạng, hỏa hoạn hoặc tội phạm đang xảy ra, hãy gọi 9-1-1.',
      '遇到危及生命的緊急狀況、火災或正在發生的犯罪，請撥打 9-1-1。',
      'При угрозе жизни, пожаре или преступлении, совершаемом прямо сейчас, звоните 9-1-1.',
    ],
  },
  POLICE_NON_EMERGENCY: {
    name: ['Đường dây cảnh sát không khẩn cấp', '警察非緊急專線', 'Неэкстренная линия полиции'],
    description: [
      'Số cần gọi cho vấn đề liên quan đến cảnh sát nhưng không phải là trường hợp khẩn cấp.',
      '非緊急的警察事務應撥打的電話號碼。',
      'Куда звонить по полицейскому вопросу, который не является экстренным.',
    ],
  },
  POLICE_REPORT: {
    name: ['Trình báo cảnh sát trực tuyến hoặc lấy bản sao', '線上報案或索取報案副本', 'Заявление в полицию онлайн или копия протокола'],
    description: [
      'Trình báo trực tuyến cho một số loại tội phạm không có nghi phạm, và bản sao biên bản cảnh sát.',
      '特定無嫌疑人犯罪的線上報案，以及警方報告副本。',
      'Онлайн-заявления о некоторых преступлениях без подозреваемого и копии полицейских протоколов.',
    ],
  },
  POLICE_COMPLAINT: {
    name: ['Khiếu nại hoặc khen ngợi cảnh sát', '警察投訴或表揚', 'Жалоба на полицейского или благодарность'],
    description: [
      'Nộp đơn khiếu nại hoặc khen ngợi về một cảnh sát viên Portland với Cơ quan Giám sát Cảnh sát Độc lập, một văn phòng của Kiểm toán viên Thành phố hoạt động độc lập với Sở Cảnh sát. Báo cáo của quý vị được bảo mật. Để trình báo tội phạm, hãy gọi 9-1-1 hoặc 503-823-3333.',
      '向獨立警務審查處（市審計長轄下、獨立於警察局運作的辦公室）提出對波特蘭警員的投訴或表揚。您的通報將予以保密。如要報案，請撥打 9-1-1 或 503-823-3333。',
      'Подайте жалобу или благодарность в отношении полицейского Портленда в Независимый контроль за полицией — подразделение городского аудитора, работающее независимо от Полицейского управления. Ваше сообщение конфиденциально. Чтобы сообщить о преступлении, звоните 9-1-1 или 503-823-3333.',
    ],
  },
  WATER_BILL: {
    name: ['Hóa đơn nước và cống', '水費與污水費帳單', 'Счёт за воду и канализацию'],
    description: [
      'Thắc mắc và thanh toán hóa đơn chung cho nước, cống và nước mưa, cùng hỗ trợ cho các hộ gia đình cần giúp đỡ.',
      '供水、污水與雨水合併帳單的疑問與繳費，以及對有需要家庭的協助。',
      'Вопросы по единому счёту за воду, канализацию и ливневые стоки, его оплата и помощь семьям, которым она нужна.',
    ],
  },
  ARTS_TAX: {
    name: ['Thuế Nghệ thuật', '藝術稅', 'Налог на искусство'],
    description: ['Ai phải nộp Thuế Nghệ thuật của Portland và cách khai, nộp thuế.', '哪些人須繳納波特蘭藝術稅，以及如何申報與繳納。', 'Кто платит налог на искусство Портленда и как его задекларировать и оплатить.'],
  },
  CLAIM_AGAINST_CITY: {
    name: ['Yêu cầu bồi thường đối với Thành phố', '向市政府提出索賠', 'Претензия к городу'],
    description: [
      'Yêu cầu Thành phố bồi thường thiệt hại hoặc thương tích mà quý vị cho là do Thành phố gây ra, chẳng hạn lốp xe bị hỏng vì ổ gà hoặc cống trào ngược. Theo luật Oregon, thông báo yêu cầu bồi thường thường phải được gửi trong vòng 180 ngày. Bộ phận Quản lý Rủi ro xem xét mọi yêu cầu.',
      '要求市政府賠償您認為由市政府造成的損害或傷害，例如坑洞造成輪胎損壞或污水倒灌。依俄勒岡州法律，索賠通知一般須於 180 天內提出。風險管理部門會審查每一件索賠。',
      'Попросите город возместить ущерб или вред, причинённый, по вашему мнению, городом, — например, шину, повреждённую на выбоине, или засор канализации. По законам Орегона уведомление о претензии, как правило, нужно подать в течение 180 дней. Каждую претензию рассматривает отдел управления рисками.',
    ],
  },
  PARKING_TICKET: {
    name: ['Nộp phạt hoặc khiếu nại vé phạt đỗ xe hay giao thông', '繳納或申訴停車、交通罰單', 'Оплата или обжалование штрафа за парковку или нарушение ПДД'],
    description: [
      'Vé phạt đỗ xe và giao thông được phát hành tại Portland do Tòa án Khu vực Quận Multnomah xử lý.',
      '在波特蘭開立的停車與交通罰單由摩特諾瑪郡巡迴法院處理。',
      'Штрафами за парковку и нарушения ПДД, выписанными в Портленде, занимается Окружной суд округа Малтнома.',
    ],
  },
  BUSINESS_TAX: {
    name: ['Đăng ký và nộp thuế giấy phép kinh doanh', '營業執照稅登記與繳納', 'Регистрация и уплата налога на лицензию на ведение бизнеса'],
    description: [
      'Đăng ký và nộp Thuế Giấy phép Kinh doanh Portland và Thuế Thu nhập Doanh nghiệp Quận Multnomah.',
      '登記及繳納波特蘭營業執照稅與摩特諾瑪郡營業所得稅。',
      'Регистрация и уплата налога на лицензию на ведение бизнеса в Портленде и налога на доход бизнеса округа Малтнома.',
    ],
  },
  SIDEWALK_CAFE_PERMIT: {
    name: ['Giấy phép quán cà phê vỉa hè và ăn uống ngoài trời', '人行道咖啡座與戶外用餐許可', 'Разрешение на уличное кафе и летнюю веранду'],
    description: ['Giấy phép đặt bàn ghế trên vỉa hè hoặc dưới lòng đường.', '在人行道或街道上擺放桌椅的許可。', 'Разрешения на размещение столов и стульев на тротуаре или проезжей части.'],
  },
  STREET_USE_PERMIT: {
    name: ['Giấy phép tiệc khu phố, thùng rác lớn và sử dụng đường tạm thời', '街區派對、大型垃圾箱及臨時道路使用許可', 'Разрешения на праздник улицы, контейнер и временное использование улицы'],
    description: [
      'Đóng đường để tổ chức tiệc khu phố, hoặc đặt thùng rác lớn, thùng chứa hay xe chuyển nhà trên đường.',
      '封閉街道舉辦街區派對，或在街道上放置大型垃圾箱、貨櫃或搬家卡車。',
      'Перекрытие улицы для соседского праздника или размещение на улице мусорного контейнера, контейнера для хранения или грузовика для переезда.',
    ],
  },
  GENERAL_INFO: {
    name: ['Thông tin về Thành phố', '市政資訊', 'Информация о городе'],
    description: [
      'Giờ làm việc và địa điểm của các cơ sở Thành phố, thông tin liên hệ các chương trình của Thành phố và các quan chức dân cử, chương trình nghị sự của Hội đồng Thành phố và quy định đỗ xe.',
      '市政設施的開放時間與地點、市政計畫與民選官員的聯絡方式、市議會議程及停車規定。',
      'Часы работы и адреса городских учреждений, контакты городских программ и выборных должностных лиц, повестки городского совета и правила парковки.',
    ],
  },
  PORTLAND_BUILDING_DESK: {
    name: ['Quầy Dịch vụ Khách hàng Tòa nhà Portland', '波特蘭大樓客戶服務台', 'Пункт обслуживания в здании Portland Building'],
    description: [
      'Hỗ trợ trực tiếp về các dịch vụ của Thành phố và Quận tại Tòa nhà Portland.',
      '在波特蘭大樓親自協助辦理市政府與郡政府的服務。',
      'Личная помощь с городскими и окружными услугами в здании Portland Building.',
    ],
  },
  NEIGHBORHOOD_INFO: {
    name: ['Thông tin khu phố và bất động sản', '社區與物業資訊', 'Информация о районе и недвижимости'],
    description: [
      'Phân vùng, nhà cung cấp tiện ích, khu hội đồng của quý vị, và thông tin liên hệ của hội và liên minh khu phố cho một địa chỉ.',
      '某地址的分區、公用事業業者、所屬市議會選區，以及社區協會與聯盟的聯絡方式。',
      'Зонирование, поставщики коммунальных услуг, ваш избирательный округ и контакты соседских ассоциаций и коалиций для адреса.',
    ],
  },
  CITY_JOBS: {
    name: ['Việc làm và cơ hội hợp đồng của Thành phố', '市政府職缺與承包機會', 'Вакансии и контракты города'],
    description: ['Các vị trí tuyển dụng hiện có của Thành phố, và cơ hội đấu thầu, hợp đồng.', '市政府現有職缺，以及投標與承包機會。', 'Текущие вакансии в городских службах, а также тендеры и контракты.'],
  },
  BOARDS_COMMISSIONS: {
    name: ['Ứng tuyển vào ban hoặc ủy ban của Thành phố', '申請加入市政府委員會', 'Заявка в городской совет или комиссию'],
    description: [
      'Các ban và ủy ban tư vấn tình nguyện, nơi cư dân góp phần định hình chính sách của Thành phố.',
      '由志願者組成的諮詢委員會，居民可藉此參與制定市政政策。',
      'Добровольные консультативные советы и комиссии, в которых жители помогают формировать городскую политику.',
    ],
  },
  BUDGET_TESTIMONY: {
    name: ['Ngân sách Thành phố và góp ý công khai', '市預算與公眾意見陳述', 'Городской бюджет и публичные выступления'],
    description: [
      'Cách lập ngân sách Thành phố và cách góp ý về ngân sách hoặc về một vấn đề của Hội đồng Thành phố.',
      '市政府預算如何編列，以及如何就預算或市議會議案陳述意見。',
      'Как составляется городской бюджет и как выступить по нему или по вопросу городского совета.',
    ],
  },
  HEARINGS_APPEAL: {
    name: ['Khiếu nại quyết định của Thành phố', '對市政府決定提出上訴', 'Обжалование решения города'],
    description: ['Cách khiếu nại các quyết định của Thành phố thông qua Văn phòng Điều trần.', '如何透過聽證辦公室對市政府的決定提出上訴。', 'Как обжаловать решения города через Управление по слушаниям.'],
  },
  BUSINESS_ASSISTANCE: {
    name: ['Hỗ trợ doanh nghiệp nhỏ', '小型企業協助', 'Поддержка малого бизнеса'],
    description: ['Hỗ trợ kỹ thuật, khoản vay và tài trợ cho doanh nghiệp nhỏ.', '為小型企業提供技術協助、貸款與補助。', 'Консультации, займы и гранты для малого бизнеса.'],
  },
  COUNCIL_CONTACT: {
    name: ['Liên hệ các Ủy viên Hội đồng Thành phố của quý vị', '聯絡您的市議員', 'Связаться с членами городского совета'],
    description: [
      'Gửi tin nhắn đến ba Ủy viên Hội đồng Thành phố đại diện cho khu của quý vị. Portland có mười hai ủy viên hội đồng, mỗi khu trong bốn khu có ba người; địa điểm quý vị cung cấp sẽ quyết định văn phòng khu nào nhận tin nhắn.',
      '傳送訊息給代表您選區的三位市議員。波特蘭共有十二位市議員，四個選區各三位；您提供的地點將決定由哪個選區辦公室收到您的訊息。',
      'Отправьте сообщение трём членам городского совета, представляющим ваш округ. В Портленде двенадцать членов совета, по три от каждого из четырёх округов; указанное вами место определяет, в офис какого округа придёт сообщение.',
    ],
  },
  COUNTY_SERVICES: {
    name: ['Dịch vụ của Quận Multnomah', '摩特諾瑪郡服務', 'Услуги округа Малтнома'],
    description: [
      'Bầu cử, thuế bất động sản, dịch vụ cho người cao niên, người khuyết tật và cựu chiến binh, thư viện, phòng khám và các chương trình khác của Quận.',
      '選舉、房屋稅、長者、身心障礙者及退伍軍人服務、圖書館、衛生診所及其他郡政府計畫。',
      'Выборы, налог на недвижимость, помощь пожилым людям, людям с инвалидностью и ветеранам, библиотеки, клиники и другие программы округа.',
    ],
  },
  POWER_OUTAGE: {
    name: ['Mất điện hoặc dây điện bị đứt', '停電或電線掉落', 'Отключение электричества или оборванный провод'],
    description: [
      'Điện được cung cấp bởi các công ty tiện ích tư nhân, không phải Thành phố.',
      '電力由民營公用事業公司供應，而非市政府。',
      'Электроэнергию поставляют частные компании, а не город.',
    ],
  },
};
